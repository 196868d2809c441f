"""Shared form machinery: GOV.UK error summaries and the recovery of answers after an expired form."""
