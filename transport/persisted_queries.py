"""Which document a request runs: its text, or a hash under the automatic persisted queries
protocol (``extensions.persistedQuery``, as Apollo Client and urql send it), or a trusted
document's id.

A hash the server does not know answers ``PersistedQueryNotFound``, which makes the client send
the text with the hash; the text is registered once it has passed validation. With trusted
documents configured, callers without an admin's key run only the documents of the manifests;
admins may still run, and register, any."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, parse, validate
from strawberry.http import GraphQLRequestData

from config import ConfigError, Settings
from models.accounts.viewer import Viewer
from models.persisted_documents.manifest import (
    ManifestError,
    TrustedDocuments,
    read_manifest,
    sha256_of,
)
from models.persisted_documents.store import PersistedDocuments

PROTOCOL_VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class DocumentRefused(Exception):
    code: str
    message: str


# Apollo Client and urql retry with the document's text on exactly this message.
NOT_FOUND = DocumentRefused("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")


@dataclass(frozen=True, slots=True)
class Document:
    text: str | None
    # Set when the text should be registered under this hash once it has passed validation.
    register_as: str | None = None


class PersistedQueries:
    def __init__(
        self, store: PersistedDocuments, trusted: TrustedDocuments, *, only_trusted: bool
    ) -> None:
        self.store = store
        self.trusted = trusted
        self.only_trusted = only_trusted

    def runs_anything(self, viewer: Viewer | None) -> bool:
        return not self.only_trusted or (viewer is not None and viewer.is_admin)

    def refusal_of_text(self, text: str, viewer: Viewer | None) -> DocumentRefused | None:
        """For documents sent whole (subscriptions over WebSocket)."""
        if self.runs_anything(viewer) or self.trusted.trusts_text(text):
            return None
        return _not_trusted()

    async def document(self, data: GraphQLRequestData, viewer: Viewer | None) -> Document:
        """Raises DocumentRefused."""
        free = self.runs_anything(viewer)
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None:
            if data.query is not None and not free and not self.trusted.trusts_text(data.query):
                raise _not_trusted()
            return Document(data.query)
        sha256 = _requested_hash(persisted)
        trusted_text = self.trusted.document(sha256)
        if data.query is not None:
            if sha256_of(data.query) != sha256 and data.query != trusted_text:
                raise DocumentRefused(
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    "extensions.persistedQuery.sha256Hash: not the SHA-256 of the query sent",
                )
            if trusted_text is not None or self.trusted.trusts_text(data.query):
                return Document(data.query)
            if not free:
                raise _not_trusted()
            return Document(data.query, register_as=sha256)
        if trusted_text is not None:
            return Document(trusted_text)
        if not free:
            raise NOT_FOUND
        text = await self.store.find(sha256)
        if text is None:
            raise NOT_FOUND
        return Document(text)

    async def register(self, document: Document) -> None:
        if document.register_as is not None and document.text is not None:
            await self.store.remember(document.register_as, document.text)


def _requested_hash(persisted: object) -> str:
    if not isinstance(persisted, dict):
        raise DocumentRefused(
            "PERSISTED_QUERY_INVALID", "extensions.persistedQuery: must be an object"
        )
    if persisted.get("version") != PROTOCOL_VERSION:
        raise DocumentRefused(
            "PERSISTED_QUERY_INVALID",
            f"extensions.persistedQuery.version: only version {PROTOCOL_VERSION} is supported",
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise DocumentRefused(
            "PERSISTED_QUERY_INVALID",
            "extensions.persistedQuery.sha256Hash: must be 64 lower-case hexadecimal digits",
        )
    return sha256


def _not_trusted() -> DocumentRefused:
    return DocumentRefused(
        "PERSISTED_QUERY_NOT_ALLOWED",
        "This server runs only its trusted documents for callers without an admin's API key; "
        "send a document of the manifest, or its id as extensions.persistedQuery.sha256Hash.",
    )


def persisted_queries_for(
    settings: Settings, schema: GraphQLSchema, web_manifest: Path
) -> PersistedQueries:
    """The configured manifests and the browser app's own (its pages must work in every
    mode), each document checked against the schema at start-up."""
    trusted = TrustedDocuments()
    manifests = [(path, "SLOTLINK_TRUSTED_DOCUMENTS: ", "") for path in settings.trusted_documents]
    if web_manifest.is_file():
        manifests.append((web_manifest, "", " (rebuild the browser app: make web)"))
    for path, variable, remedy in manifests:
        try:
            documents = read_manifest(path)
        except ManifestError as error:
            raise ConfigError(f"{variable}{error}{remedy}") from None
        for document_id, text in documents.by_id.items():
            problem = _invalid(schema, text)
            if problem:
                raise ConfigError(f"{variable}{path}: {document_id}: {problem}{remedy}")
        trusted = trusted.merged(documents)
    return PersistedQueries(
        PersistedDocuments(settings.limits.max_persisted_documents),
        trusted,
        only_trusted=bool(settings.trusted_documents),
    )


@lru_cache(maxsize=4096)
def _invalid(schema: GraphQLSchema, text: str) -> str:
    """Remembered: every app made in one process (a test suite makes one per test) checks
    the same documents against the same schema."""
    try:
        errors = validate(schema, parse(text))
    except GraphQLError as error:
        return error.message
    return "; ".join(error.message for error in errors)
