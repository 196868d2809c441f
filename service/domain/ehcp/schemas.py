"""The published JSON Schemas (draft 2020-12) of the service's documents, read from package data: one
object per schema gives its text (for the public address), its parsed form and a document's errors."""

from __future__ import annotations

import json
from functools import cached_property
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


class PublishedSchema:
    def __init__(self, filename: str):
        self.filename = filename

    @cached_property
    def text(self) -> str:
        return resources.files(__package__).joinpath(self.filename).read_text(encoding="utf-8")

    def parsed(self) -> dict[str, Any]:
        """A fresh copy of the schema (callers may set its "$id")."""
        loaded: dict[str, Any] = json.loads(self.text)
        return loaded

    @cached_property
    def _validator(self) -> Draft202012Validator:
        return Draft202012Validator(self.parsed(), format_checker=Draft202012Validator.FORMAT_CHECKER)

    def errors(self, document: dict[str, Any]) -> list[str]:
        """Where the document breaks the schema, as 'path: message' lines (empty when it is valid)."""
        return [
            f"{'/'.join(str(part) for part in error.absolute_path) or '(document)'}: {error.message}"
            for error in sorted(self._validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        ]


PLAN_SCHEMA = PublishedSchema("ehc-plan-1.schema.json")
ADVICE_SCHEMA = PublishedSchema("advice-1.schema.json")
