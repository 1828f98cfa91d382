/* global document, HTMLScriptElement */
// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
initAll();

// The council name box: a type-ahead over the select's names (accessible-autocomplete, the GOV.UK pattern); choosing a name goes to its page.
for (const select of document.querySelectorAll('select[data-module="app-name-box"]')) {
  const autocomplete = globalThis.accessibleAutocomplete;
  if (!autocomplete) break;
  autocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    showAllValues: false,
    autoselect: true,
    onConfirm: (name) => {
      const option = [...select.options].find((o) => o.textContent === name);
      if (!option || !option.value) return;
      select.value = option.value;
      select.form.submit();
    },
  });
}
