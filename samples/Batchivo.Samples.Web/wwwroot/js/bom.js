// Batchivo dashboard: a BOM editor gets more lines on demand (without the script it offers a few empty ones).
(() => {
    for (const button of document.querySelectorAll('[data-bom-add]')) {
        const rows = button.closest('fieldset').querySelector('[data-bom-rows]');
        button.hidden = false;
        button.addEventListener('click', () => {
            const row = rows.lastElementChild.cloneNode(true);
            const number = rows.children.length + 1;
            for (const input of row.querySelectorAll('input')) {
                input.value = '';
                input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/\d+$/, number));
            }

            rows.append(row);
            row.querySelector('input').focus();
        });
    }
})();
