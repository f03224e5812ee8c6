"""Replaying the first result of a retried bookMeeting without storing its manage token.

The manage token is kept sealed with a key derived from the client's idempotency key, which
the database never holds (only its hash): whoever can replay the request can read the token,
nobody else can.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime

_SEAL_CONTEXT = b"slotlink/idempotency/manage-token"


def key_hash(idempotency_key: str) -> str:
    return hashlib.sha256(b"key:" + idempotency_key.encode()).hexdigest()


def scope_hash(link_key: str) -> str:
    return hashlib.sha256(b"scope:" + link_key.encode()).hexdigest()


def request_fingerprint(
    *, link_key: str, start: datetime, name: str, email: str, time_zone: str, notes: str
) -> str:
    canonical = json.dumps(
        [link_key, start.isoformat(), name, email, time_zone, notes], separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _keystream(idempotency_key: str, scope: str, length: int) -> bytes:
    # The scope (which link) is part of the key: one idempotency key used on two links must
    # not seal two tokens with the same stream.
    secret = hmac.new(
        idempotency_key.encode(), _SEAL_CONTEXT + b"/" + scope.encode(), hashlib.sha256
    ).digest()
    blocks = b""
    counter = 0
    while len(blocks) < length:
        blocks += hmac.new(secret, counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return blocks[:length]


def seal(idempotency_key: str, scope: str, manage_token: str) -> str:
    plain = manage_token.encode()
    stream = _keystream(idempotency_key, scope, len(plain))
    return base64.urlsafe_b64encode(
        bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    ).decode()


def unseal(idempotency_key: str, scope: str, sealed: str) -> str:
    cipher = base64.urlsafe_b64decode(sealed.encode())
    stream = _keystream(idempotency_key, scope, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode()
