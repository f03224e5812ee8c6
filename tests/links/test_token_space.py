"""Minted secrets: enough randomness that a hundred thousand of them never collide."""

from __future__ import annotations

from models.accounts.tokens import VISIBLE_PREFIX_LENGTH, hash_secret, mint_secret


def test_a_hundred_thousand_tokens_never_collide() -> None:
    minted = [mint_secret() for _ in range(100_000)]
    assert len({secret.plain for secret in minted}) == 100_000
    assert len({secret.digest for secret in minted}) == 100_000


def test_a_token_carries_256_bits_and_is_stored_as_its_sha256() -> None:
    secret = mint_secret("m_")
    assert len(secret.plain) == len("m_") + 43  # 32 random bytes in URL-safe base64
    assert secret.digest == hash_secret(secret.plain)
    assert len(secret.digest) == 64
    assert secret.prefix == secret.plain[:VISIBLE_PREFIX_LENGTH]
    assert secret.plain not in secret.digest
