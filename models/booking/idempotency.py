"""Replaying the first result of a retried bookMeeting without storing its manage token.

The rule: a replay answers the manage token only to a request that repeats the link key, the
slot, the invitee and the idempotency key. The idempotency key is the proof of possession, so
it must be hard to guess: at least 16 characters, at least 8 of them different (a UUID is a
good key). The database holds neither the key nor the token: the key only as a hash keyed with
the server's secret, the token sealed with a key derived from both, so neither a copy of the
database nor a guess at a short key yields a token. Wrong guesses count as failed lookups.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

_SEAL_CONTEXT = b"slotlink/idempotency/manage-token"


MIN_KEY_LENGTH = 16
MAX_KEY_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 8


def key_problem(idempotency_key: str) -> str | None:
    """Why the key is too weak to prove possession, or None."""
    if not MIN_KEY_LENGTH <= len(idempotency_key) <= MAX_KEY_LENGTH:
        return f"must be {MIN_KEY_LENGTH} to {MAX_KEY_LENGTH} characters (a UUID is a good key)"
    if len(set(idempotency_key)) < MIN_DISTINCT_CHARACTERS:
        return (
            f"must hold at least {MIN_DISTINCT_CHARACTERS} different characters "
            "(a UUID is a good key)"
        )
    return None


def key_hash(server_secret: bytes, idempotency_key: str) -> str:
    return hmac.new(server_secret, b"key:" + idempotency_key.encode(), hashlib.sha256).hexdigest()


def scope_hash(link_key: str) -> str:
    return hashlib.sha256(b"scope:" + link_key.encode()).hexdigest()


def request_fingerprint(
    *,
    link_key: str,
    start: datetime,
    name: str,
    email: str,
    time_zone: str,
    notes: str,
    answers: Mapping[str, Any] | None = None,
) -> str:
    fields: list[Any] = [link_key, start.isoformat(), name, email, time_zone, notes]
    if answers:
        fields.append(dict(sorted(answers.items())))
    canonical = json.dumps(fields, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keystream(server_secret: bytes, idempotency_key: str, scope: str, length: int) -> bytes:
    # The scope (which link) is part of the key: one idempotency key used on two links must
    # not seal two tokens with the same stream.
    secret = hmac.new(
        server_secret + b"/" + idempotency_key.encode(),
        _SEAL_CONTEXT + b"/" + scope.encode(),
        hashlib.sha256,
    ).digest()
    blocks = b""
    counter = 0
    while len(blocks) < length:
        blocks += hmac.new(secret, counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return blocks[:length]


def seal(server_secret: bytes, idempotency_key: str, scope: str, manage_token: str) -> str:
    plain = manage_token.encode()
    stream = _keystream(server_secret, idempotency_key, scope, len(plain))
    return base64.urlsafe_b64encode(
        bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    ).decode()


def unseal(server_secret: bytes, idempotency_key: str, scope: str, sealed: str) -> str:
    cipher = base64.urlsafe_b64decode(sealed.encode())
    stream = _keystream(server_secret, idempotency_key, scope, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode()
