"""Secrets the server must read back later (an invitee's manage token for the messages that
carry it, a host's calendar password), sealed with AES-GCM under a key derived from the
server's secret and the secret's purpose: a copy of the database alone reveals none of them,
and a value sealed for one purpose does not open for another."""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE_BYTES = 12


class SealBroken(ValueError):
    """The sealed value was altered, or sealed under another secret or purpose."""


@lru_cache(maxsize=16)
def _key(server_secret: bytes, purpose: str) -> bytes:
    derive = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"slotlink/seal/" + purpose.encode(),
    )
    return derive.derive(server_secret)


def seal(server_secret: bytes, purpose: str, plain: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    cipher = AESGCM(_key(server_secret, purpose)).encrypt(nonce, plain.encode(), None)
    return base64.urlsafe_b64encode(nonce + cipher).decode()


def unseal(server_secret: bytes, purpose: str, sealed: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        nonce, cipher = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        return AESGCM(_key(server_secret, purpose)).decrypt(nonce, cipher, None).decode()
    except (InvalidTag, ValueError) as broken:
        raise SealBroken("the sealed value cannot be opened with this server's secret") from broken
