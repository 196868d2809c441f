"""Who may use each route. Every view declares it; a test fails when a new route does not."""
