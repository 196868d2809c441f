// Progressive enhancement: turn the council <select> into an accessible autocomplete.
(function () {
  var select = document.getElementById('local_authority')
  if (!select || !window.accessibleAutocomplete) return
  // The autocomplete's input is described only by its own instructions (aria-describedby points at its
  // assistive hint), so the question's hint and error message, which describe the select, would no
  // longer be read with the field: they go at the start of those instructions.
  var described = (select.getAttribute('aria-describedby') || '').split(/\s+/).map(function (id) {
    var element = id && document.getElementById(id)
    return element ? element.textContent.replace(/\s+/g, ' ').trim() : ''
  }).filter(Boolean).join(' ')
  var instructions = 'When autocomplete results are available use up and down arrows to review and enter to select. ' +
    'Touch device users, explore by touch or with swipe gestures.'
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    name: 'local_authority_search',
    showAllValues: true,
    dropdownArrow: function () { return '' },
    tAssistiveHint: function () { return described ? described + ' ' + instructions : instructions }
  })
})()
