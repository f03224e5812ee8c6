"""Browser sessions: an API key exchanged once for a cookie, so that the owner's console never
keeps the key in the page. Stored as a hash in the database, so that every worker and host
accepts them; a session ends when signed out, when it expires, or when its key is revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.accounts.api_keys import KEY_WITH_OWNER, find_active_key, key_with_owner
from models.accounts.tokens import hash_secret, mint_secret
from models.accounts.viewer import Viewer
from models.db import prepared
from models.db.tables import Session

SESSION_KIND = "ss_"
LIFETIME = timedelta(hours=12)

_ACTIVE = prepared.Prepared.of(
    KEY_WITH_OWNER
    + """
    JOIN sessions s ON s.api_key_id = k.id
    WHERE s.token_hash = :token_hash AND s.ended_at IS NULL AND s.expires_at > :now
      AND k.revoked_at IS NULL
    """
)


async def open_session(plain_key: str, now: datetime | None = None) -> tuple[Viewer, str] | None:
    """The viewer and the session's token (for the cookie), or None for an unknown key."""
    key = await find_active_key(plain_key)
    if key is None:
        return None
    secret = mint_secret(SESSION_KIND)
    await Session.create(
        token_hash=secret.digest,
        api_key_id=key.id,
        expires_at=(now or datetime.now(UTC)) + LIFETIME,
    )
    return Viewer.from_api_key(key), secret.plain


async def session_viewer(token: str, now: datetime | None = None) -> Viewer | None:
    """Who the session is, while it lasts."""
    if not token.startswith(SESSION_KIND) or len(token) > 128:
        return None
    rows = await prepared.fetch(
        _ACTIVE, {"token_hash": hash_secret(token), "now": now or datetime.now(UTC)}
    )
    return Viewer.from_api_key(key_with_owner(rows[0])) if rows else None


async def end_session(token: str, now: datetime | None = None) -> None:
    await Session.filter(token_hash=hash_secret(token), ended_at__isnull=True).update(
        ended_at=now or datetime.now(UTC)
    )


def session_hash(token: str) -> str:
    return hash_secret(token)


async def live_session_hashes(hashes: list[str], now: datetime | None = None) -> set[str]:
    """Those of the sessions (by their tokens' hashes) that have not ended or expired."""
    if not hashes:
        return set()
    rows = await Session.filter(
        token_hash__in=hashes, ended_at__isnull=True, expires_at__gt=now or datetime.now(UTC)
    ).values_list("token_hash", flat=True)
    return {str(row) for row in rows}
