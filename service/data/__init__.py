"""The only place that builds queries. Every query that takes an id is scoped to a tenant or a family."""
