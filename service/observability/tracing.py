"""OpenTelemetry traces across the web app and the workers, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.

When on, each process exports its spans over OTLP/HTTP (the exporter reads the standard OTEL_EXPORTER_OTLP_*
variables; OTEL_SERVICE_NAME names the process, "ehcp-web" or "ehcp-worker" by default): a span for each
request (named by the URL rule), for each SQL statement (placeholders, never values) and each outbound HTTP
call (GOV.UK Notify). A request's trace context goes into the meta of the RQ jobs it enqueues
(service.observability.jobs), and the worker's span for the job is a child of the request's span.

URLs never reach a span: the request span's target and URL attributes are replaced by the URL rule.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, request
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from opentelemetry.trace import Tracer

TRACER_NAME = "service"
URL_ATTRIBUTES = ("http.target", "http.url", "url.full", "url.path", "url.query", "http.route")
_provider: Any = None  # the SDK's TracerProvider once tracing is on in this process


def enabled() -> bool:
    return _provider is not None


def tracer() -> Tracer:
    return (_provider or trace.get_tracer_provider()).get_tracer(TRACER_NAME)


def start_tracing(service_name: str, provider: Any = None) -> Any:
    """Switch tracing on in this process: the OTLP exporter, or a provider the caller built (tests use the
    SDK's in-memory exporter). Returns the provider."""
    global _provider
    if provider is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        name = os.environ.get("OTEL_SERVICE_NAME") or service_name
        provider = TracerProvider(resource=Resource.create({"service.name": name}))
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
        from opentelemetry.instrumentation.requests import RequestsInstrumentor

        RequestsInstrumentor().instrument(tracer_provider=provider)
    _provider = provider
    return provider


def stop_tracing() -> None:
    global _provider
    _provider = None


def init_app(app: Flask, provider: Any = None) -> None:
    """Instrument this app when tracing is configured (or a provider is given)."""
    if provider is None and not app.config.get("OTEL_EXPORTER_OTLP_ENDPOINT") and not enabled():
        return
    if provider is not None or not enabled():
        start_tracing("ehcp-web", provider)
    from opentelemetry.instrumentation.flask import FlaskInstrumentor

    FlaskInstrumentor().instrument_app(
        app,
        tracer_provider=_provider,
        request_hook=_hide_url,
        excluded_urls="healthz,assets,metrics",
        enable_commenter=False,
    )
    _instrument_database(app)


def _hide_url(span: Any, environ: dict) -> None:
    if span is None or not span.is_recording():
        return
    route = request.url_rule.rule if request.url_rule else "<unmatched>"
    for name in URL_ATTRIBUTES:
        span.set_attribute(name, route)


def _instrument_database(app: Flask) -> None:
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    from service.db import db

    instrumentor = SQLAlchemyInstrumentor()
    if instrumentor.is_instrumented_by_opentelemetry:
        return  # one app (one engine) a process in production; the first app's engine in tests
    with app.app_context():
        # The instrumentation's declared range stops below SQLAlchemy 2.1; its engine events are the same in
        # 2.1 (the tests check that statement spans are made), so skip the version check.
        instrumentor.instrument(
            engine=db.engine, tracer_provider=_provider, enable_commenter=False, skip_dep_check=True
        )


def carrier() -> dict[str, str]:
    """The current trace context as W3C traceparent headers (empty when no span is recording)."""
    headers: dict[str, str] = {}
    if enabled():
        inject(headers)
    return headers


def context_from(headers: dict[str, str] | None) -> Any:
    return extract(headers or {})
