"""Secrets we hand out once and keep only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

VISIBLE_PREFIX_LENGTH = 10


@dataclass(frozen=True, slots=True)
class MintedSecret:
    plain: str
    digest: str
    prefix: str


def hash_secret(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def mint_secret(kind: str = "") -> MintedSecret:
    """A fresh secret with 256 bits of randomness, optionally tagged (e.g. ``sl_``)."""
    plain = kind + secrets.token_urlsafe(32)
    return MintedSecret(
        plain=plain,
        digest=hash_secret(plain),
        prefix=plain[:VISIBLE_PREFIX_LENGTH],
    )
