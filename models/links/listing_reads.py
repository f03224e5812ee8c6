"""The listings' batch reads as prepared SQL (see ``models.db.prepared``): a page of links has a
thousand single-use children, and building each as a model (field by field conversion, ISO
timestamps parsed by the ORM) costs several times the query. These return plain values."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from models.db import prepared
from models.db.prepared import Prepared, numbered, placeholders

_CHILDREN = """
    SELECT c.id, c.link_id, c.created_by_id, c.created_at, c.token_prefix, c.label,
           c.expires_at, c.max_uses, c.uses, c.invitee_name, c.invitee_email, c.skip_form,
           c.lock_to_invitee, c.metadata, c.revoked_at
    FROM single_use_links c JOIN links l ON l.id = c.link_id
    WHERE l.organization_id = :organization_id AND c.link_id IN ({links})
    ORDER BY c.link_id, c.id DESC
"""

_LINK_HOSTS = """
    SELECT h.link_id, h.user_id
    FROM link_hosts h JOIN links l ON l.id = h.link_id
    WHERE l.organization_id = :organization_id AND h.link_id IN ({links})
    ORDER BY h.link_id, h.position
"""

_BOOKING_HOSTS = """
    SELECT h.booking_id, h.user_id
    FROM booking_hosts h JOIN bookings b ON b.id = h.booking_id
    WHERE b.organization_id = :organization_id AND h.booking_id IN ({bookings})
    ORDER BY h.booking_id, h.id
"""


@dataclass(frozen=True, slots=True)
class SingleUseLinkRow:
    """What a listing shows of a single-use link: every column but the token's hash."""

    id: int
    link_id: int
    created_by_id: int
    created_at: datetime
    token_prefix: str
    label: str
    expires_at: datetime | None
    max_uses: int
    uses: int
    invitee_name: str | None
    invitee_email: str | None
    skip_form: bool
    lock_to_invitee: bool
    metadata: dict[str, Any]
    revoked_at: datetime | None


def _moment(value: datetime | str) -> datetime:
    moment = prepared.instant(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _maybe_moment(value: datetime | str | None) -> datetime | None:
    return None if value is None else _moment(value)


def _json(value: dict[str, Any] | str | bytes) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _child(row: Mapping[str, Any]) -> SingleUseLinkRow:
    return SingleUseLinkRow(
        id=row["id"],
        link_id=row["link_id"],
        created_by_id=row["created_by_id"],
        created_at=_moment(row["created_at"]),
        token_prefix=row["token_prefix"],
        label=row["label"],
        expires_at=_maybe_moment(row["expires_at"]),
        max_uses=row["max_uses"],
        uses=row["uses"],
        invitee_name=row["invitee_name"],
        invitee_email=row["invitee_email"],
        skip_form=bool(row["skip_form"]),
        lock_to_invitee=bool(row["lock_to_invitee"]),
        metadata=_json(row["metadata"]),
        revoked_at=_maybe_moment(row["revoked_at"]),
    )


async def single_use_links_of_links(
    organization_id: int, link_ids: Sequence[int]
) -> list[SingleUseLinkRow]:
    """The children of these links of the organization, by link, newest first."""
    if not link_ids:
        return []
    statement = Prepared.of(_CHILDREN.format(links=placeholders("link", len(link_ids))))
    values = {"organization_id": organization_id, **numbered("link", link_ids)}
    return [_child(row) for row in await prepared.fetch(statement, values)]


async def host_ids_of_links(organization_id: int, link_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(link id, user id) of these links of the organization, by link, in host order."""
    if not link_ids:
        return []
    statement = Prepared.of(_LINK_HOSTS.format(links=placeholders("link", len(link_ids))))
    values = {"organization_id": organization_id, **numbered("link", link_ids)}
    return [(row["link_id"], row["user_id"]) for row in await prepared.fetch(statement, values)]


async def host_ids_of_bookings(
    organization_id: int, booking_ids: Sequence[int]
) -> list[tuple[int, int]]:
    """(booking id, user id) of these bookings of the organization, by booking, in host order."""
    if not booking_ids:
        return []
    statement = Prepared.of(
        _BOOKING_HOSTS.format(bookings=placeholders("booking", len(booking_ids)))
    )
    values = {"organization_id": organization_id, **numbered("booking", booking_ids)}
    return [(row["booking_id"], row["user_id"]) for row in await prepared.fetch(statement, values)]
