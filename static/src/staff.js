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

// A list reloaded by its own search or filter (issue 20 item 3): its result count ([data-app-results],
// role="status") takes the focus, so a screen reader says what was found. A live region present when a
// page loads is not announced, so focus is what works after a reload. Without JavaScript the page's
// title carries the count (service/journeys/staff/caseload.py, title_detail).
const RESULTS_KEY = 'app-announce-results'
const $results = document.querySelector('[data-app-results]')
if ($results) {
  const announceNext = () => sessionStorage.setItem(RESULTS_KEY, location.pathname)
  for (const $form of document.querySelectorAll('main form[method="get"]')) $form.addEventListener('submit', announceNext)
  for (const $link of document.querySelectorAll('.moj-filter__selected a')) $link.addEventListener('click', announceNext)
  const wanted = sessionStorage.getItem(RESULTS_KEY) === location.pathname
  sessionStorage.removeItem(RESULTS_KEY)
  // An error summary (a wrong date) takes the focus itself, and so does a success banner.
  if (wanted && !document.querySelector('.govuk-error-summary, .govuk-notification-banner[role="alert"]')) {
    $results.setAttribute('tabindex', '-1')
    $results.focus()
  }
}
