"""Trusted documents: a manifest of the operations an app ships, written at its build.

Two shapes are read: an object of id to document text, as GraphQL Code Generator's client
preset (``persisted-documents.json``) and Relay's persisted queries write it, and Apollo's
``persisted-query-manifest.json`` (``{"format": "apollo-persisted-query-manifest",
"operations": [{"id", "body"}]}``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import orjson

APOLLO_FORMAT = "apollo-persisted-query-manifest"


class ManifestError(ValueError):
    """The file cannot be read as a manifest; the message names the file and the entry."""


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class TrustedDocuments:
    # id -> document, as the clients send the id
    by_id: dict[str, str] = field(default_factory=dict)
    # SHA-256 of each document's text: a client sending the full text of a trusted document
    by_sha256: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.by_id)

    def document(self, document_id: str) -> str | None:
        return self.by_id.get(document_id.removeprefix("sha256:"))

    def trusts_text(self, document: str) -> bool:
        return sha256_of(document) in self.by_sha256

    def merged(self, other: TrustedDocuments) -> TrustedDocuments:
        return TrustedDocuments(
            by_id={**self.by_id, **other.by_id}, by_sha256=self.by_sha256 | other.by_sha256
        )

    @classmethod
    def of(cls, by_id: dict[str, str]) -> TrustedDocuments:
        return cls(
            by_id=dict(by_id),
            by_sha256=frozenset(sha256_of(document) for document in by_id.values()),
        )


def read_manifest(path: Path) -> TrustedDocuments:
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such file") from None
    except orjson.JSONDecodeError as error:
        raise ManifestError(f"{path}: not JSON ({error})") from None
    if isinstance(raw, dict) and raw.get("format") == APOLLO_FORMAT:
        operations = raw.get("operations")
        if not isinstance(operations, list):
            raise ManifestError(f"{path}: 'operations' must be a list")
        pairs = []
        for index, operation in enumerate(operations):
            if not isinstance(operation, dict):
                raise ManifestError(f"{path}: operations[{index}] is not an object")
            pairs.append((operation.get("id"), operation.get("body"), f"operations[{index}]"))
    elif isinstance(raw, dict):
        pairs = [(key, value, repr(key)) for key, value in raw.items()]
    else:
        raise ManifestError(f"{path}: expected an object of id to document")
    by_id: dict[str, str] = {}
    for document_id, body, where in pairs:
        if not isinstance(document_id, str) or not document_id:
            raise ManifestError(f"{path}: {where} has no id")
        if not isinstance(body, str) or not body.strip():
            raise ManifestError(f"{path}: {where} has no document text")
        by_id[document_id.removeprefix("sha256:")] = body
    return TrustedDocuments.of(by_id)
