// Progressive enhancement: turn the council <select> into an accessible autocomplete.
(function () {
  var select = document.getElementById('local_authority')
  if (!select || !window.accessibleAutocomplete) return
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: '',
    name: 'local_authority_search',
    showAllValues: true,
    dropdownArrow: function () { return '' }
  })
})()
