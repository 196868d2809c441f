"""One package per user journey: routes, forms and the page order of each."""
