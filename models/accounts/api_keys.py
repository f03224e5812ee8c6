"""Bearer API keys: shown once, stored as a SHA-256 hash with a visible prefix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q

from models.accounts.tokens import hash_secret, mint_secret
from models.db import prepared
from models.db.tables import ApiKey, Organization, User
from models.errors import NotFoundError
from models.validation import FieldErrors, clean_name

API_KEY_KIND = "sl_"
# Touching last_used_at on every request would turn each read into a write (and on SQLite
# serialize all readers behind the write lock); a minute is precise enough for an audit.
LAST_USED_RESOLUTION = timedelta(minutes=1)


# A key with its user and organization, as a viewer needs them: ``k``, ``u``, ``g``.
KEY_WITH_OWNER = f"""
    SELECT {prepared.columns(ApiKey, "k")}, {prepared.columns(User, "u")},
           {prepared.columns(Organization, "g")}
    FROM api_keys k
    JOIN users u ON u.id = k.user_id
    JOIN organizations g ON g.id = u.organization_id
"""  # noqa: S608 - column lists from the models

# Every authenticated request runs this: prepared, not built by the ORM each time.
_ACTIVE_BY_HASH = prepared.Prepared.of(
    KEY_WITH_OWNER + "WHERE k.key_hash = :key_hash AND k.revoked_at IS NULL"
)


async def issue_api_key(user: User, *, label: str) -> tuple[ApiKey, str]:
    errors = FieldErrors()
    clean_label = clean_name(errors, "label", label)
    errors.raise_if_any()
    secret = mint_secret(API_KEY_KIND)
    key = await ApiKey.create(
        user_id=user.id, label=clean_label, prefix=secret.prefix, key_hash=secret.digest
    )
    return key, secret.plain


async def find_active_key(plain: str) -> ApiKey | None:
    """The key with its user and organization loaded, or None if unknown or revoked."""
    if not plain.startswith(API_KEY_KIND) or len(plain) > 128:
        return None
    rows = await prepared.fetch(_ACTIVE_BY_HASH, {"key_hash": hash_secret(plain)})
    if not rows:
        return None
    key = key_with_owner(rows[0])
    await _touch(key)
    return key


def key_with_owner(row: dict[str, Any]) -> ApiKey:
    """A row of ``KEY_WITH_OWNER`` as the key, its user and their organization."""
    key = prepared.instance(ApiKey, row, "k")
    user = prepared.instance(User, row, "u")
    prepared.attach(user, "organization", prepared.instance(Organization, row, "g"))
    prepared.attach(key, "user", user)
    return key


async def active_key_ids(key_ids: list[int]) -> set[int]:
    """Those of the keys that are still valid (not revoked, still there)."""
    rows = await ApiKey.filter(id__in=key_ids, revoked_at__isnull=True).values_list("id", flat=True)
    return {int(key_id) for key_id in rows}  # type: ignore[call-overload]


async def _touch(key: ApiKey) -> None:
    now = datetime.now(UTC)
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    await (
        ApiKey.filter(id=key.id)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION))
        .update(last_used_at=now)
    )
    key.last_used_at = now


async def revoke_api_key(organization_id: int, key_id: int, *, acting_user: User) -> ApiKey:
    """Owners revoke their own keys; admins any key of their organization."""
    query = ApiKey.filter(id=key_id, user__organization_id=organization_id)
    if not acting_user.is_admin:
        query = query.filter(user_id=acting_user.id)
    key = await query.first()
    if key is None:
        raise NotFoundError("No such API key.")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await ApiKey.filter(id=key.id, revoked_at__isnull=True).update(revoked_at=key.revoked_at)
    return key
