// Batchivo dashboard: moments in the browser's own time zone and the page's language (the server writes them in UTC).
(() => {
    const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    for (const time of document.querySelectorAll('time[datetime]')) {
        const at = new Date(time.getAttribute('datetime'));
        if (!Number.isNaN(at.getTime()) && time.getAttribute('datetime').includes('T')) {
            time.textContent = format.format(at);
        }
    }
})();
