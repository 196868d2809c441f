// Staff pages: the MoJ filter opens and closes with the MoJ FilterToggleButton (issue 16 item 11).
// Progressive enhancement only: without JavaScript a "Show filters"/"Hide filters" link does the same
// by reloading the list (templates/staff/_filter_toggle.html), and that link is hidden only once the
// button exists.
import { FilterToggleButton } from '/assets/moj/moj-frontend.min.js'

for (const $root of document.querySelectorAll('[data-module="app-filter-toggle"]')) {
  const $bar = $root.closest('form, main').querySelector('.moj-action-bar__filter')
  if (!$bar) continue
  const toggle = new FilterToggleButton($root, {
    toggleButton: { showText: 'Show filters', hideText: 'Hide filters', classes: 'govuk-button--secondary govuk-!-margin-bottom-0' },
    toggleButtonContainer: { element: $bar },
    closeButton: { text: 'Close filters', classes: 'moj-filter__close' }
  })
  if (toggle.$menuButton) {
    for (const $link of document.querySelectorAll('[data-app-filter-link]')) $link.hidden = true
  }
}
