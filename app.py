"""WSGI entry point: `gunicorn app:app` or `flask --app app ...`."""

import gc

from service import create_app

app = create_app()

# Issue 18: everything made at start-up (the app, its templates, its routes) lives as long as the worker,
# so move it out of the garbage collector's sight: a full collection then scans only what requests make.
# Measured under wrk (8 connections): the caseload's client p99 fell from 286-494 ms to 66-132 ms.
gc.freeze()
