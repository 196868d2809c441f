"""Thin wrappers around the outside world: GOV.UK Notify, S3 and ClamAV. Fakes are chosen by configuration."""
