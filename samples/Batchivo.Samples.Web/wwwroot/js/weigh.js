// Batchivo dashboard: a weighing read from a scale shows the scale's readings as they come (from the live feed) until
// the scale settles and the weight is stored. Without this script the form still posts and the page shows the result.
(() => {
    const grams = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
    const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

    for (const form of document.querySelectorAll('form[data-weigh]')) {
        form.addEventListener('submit', async event => {
            const button = event.submitter;
            if (!button || button.name !== 'scale' || typeof EventSource === 'undefined') {
                return;
            }

            event.preventDefault();
            const output = form.querySelector('output.live');
            const buttons = [...form.querySelectorAll('button')];
            output.hidden = false;
            output.textContent = `Waiting for ${button.value}…`;
            form.setAttribute('aria-busy', 'true');
            buttons.forEach(b => b.disabled = true);

            let settled;
            const stable = new Promise(resolve => settled = resolve);
            const feed = new EventSource('/events');
            feed.addEventListener('scale-reading', message => {
                const reading = JSON.parse(message.data).data;
                if (String(reading.run) !== form.dataset.run || reading.spool.toLowerCase() !== form.dataset.spool.toLowerCase()) {
                    return;
                }

                output.textContent = `${grams.format(reading.value)} ${reading.unit} · ${reading.stable ? 'stable' : 'settling…'}`;
                output.dataset.grams = reading.grams;
                output.dataset.stable = reading.stable;
                if (reading.stable) {
                    settled();
                }
            });

            // Post once the feed is listening, so no reading is missed.
            await Promise.race([new Promise(resolve => feed.addEventListener('ready', resolve, { once: true })), delay(3000)]);
            const body = new FormData(form);
            body.append('scale', button.value);
            try {
                const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
                if (response.ok && response.redirected) {
                    await Promise.race([stable, delay(2000)]);
                    location.assign(response.url);
                    return;
                }

                // Refused: the page comes back with the problem next to this form.
                const page = new DOMParser().parseFromString(await response.text(), 'text/html');
                document.querySelector('main').replaceWith(page.querySelector('main'));
                document.title = page.title;
                document.querySelector('[role=alert]')?.scrollIntoView();
            } catch (error) {
                output.textContent = `The weighing did not finish: ${error.message}. Reload the page to see what was stored.`;
            } finally {
                feed.close();
                form.removeAttribute('aria-busy');
                buttons.forEach(b => b.disabled = false);
            }
        });
    }
})();
