"""The service's words for its vocabulary: one home for each list of names, imported by service.data (for
the texts it writes into case events and messages) and by the pages (labels, choices). Wording imports only
the domain's vocabulary, never data, models or Flask."""
