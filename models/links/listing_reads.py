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
from models.links.rules import SingleUseStatus
from models.links.status_sql import StatusColumns, status_is

CHILD_COLUMNS = """c.id, c.link_id, c.created_by_id, c.created_at, c.token_prefix, c.label,
           c.expires_at, c.starts_before, c.max_uses, c.uses, c.invitee_name, c.invitee_email,
           c.skip_form, c.lock_to_invitee, c.metadata, c.revoked_at"""
CHILDREN_OF = "FROM single_use_links c JOIN links l ON l.id = c.link_id"
STATUS_COLUMNS = StatusColumns.joined("c", "l")

_LINK_HOSTS = """
    SELECT h.link_id, h.user_id, h.weight, h.priority
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
    starts_before: datetime | None
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


def child_row(row: Mapping[str, Any]) -> SingleUseLinkRow:
    return SingleUseLinkRow(
        id=row["id"],
        link_id=row["link_id"],
        created_by_id=row["created_by_id"],
        created_at=_moment(row["created_at"]),
        token_prefix=row["token_prefix"],
        label=row["label"],
        expires_at=_maybe_moment(row["expires_at"]),
        starts_before=_maybe_moment(row["starts_before"]),
        max_uses=row["max_uses"],
        uses=row["uses"],
        invitee_name=row["invitee_name"],
        invitee_email=row["invitee_email"],
        skip_form=bool(row["skip_form"]),
        lock_to_invitee=bool(row["lock_to_invitee"]),
        metadata=_json(row["metadata"]),
        revoked_at=_maybe_moment(row["revoked_at"]),
    )


@dataclass(frozen=True, slots=True)
class ChildrenPage:
    """Which children of a link: newest first, below ``before_id``, of ``status``; ``take``
    of them at most."""

    status: SingleUseStatus | None
    take: int
    before_id: int | None


def _children_filter(status: SingleUseStatus | None, before_id: int | None) -> str:
    conditions = ["l.organization_id = :organization_id"]
    if before_id is not None:
        conditions.append("c.id < :before_id")
    if status is not None:
        conditions.append(status_is(status, STATUS_COLUMNS))
    return " AND ".join(conditions)


async def single_use_link_pages(
    organization_id: int, link_ids: Sequence[int], page: ChildrenPage
) -> dict[int, list[SingleUseLinkRow]]:
    """A page of each link's children in one statement: per link, an index range read of
    ``page.take`` rows at most, however many children it has."""
    if not link_ids:
        return {}
    where = _children_filter(page.status, page.before_id)
    one_link = (
        f"SELECT * FROM (SELECT {CHILD_COLUMNS} {CHILDREN_OF} "  # noqa: S608
        f"WHERE c.link_id = :link{{n}} AND {where} ORDER BY c.id DESC LIMIT :take) AS p{{n}}"
    )
    sql = " UNION ALL ".join(one_link.format(n=n) for n in range(len(link_ids)))
    values = {
        "organization_id": organization_id,
        "before_id": page.before_id,
        "take": page.take,
        "now": datetime.now(UTC),
        **numbered("link", link_ids),
    }
    pages: dict[int, list[SingleUseLinkRow]] = {link_id: [] for link_id in link_ids}
    for row in await prepared.fetch(Prepared.of(sql), values):
        pages[row["link_id"]].append(child_row(row))
    for rows in pages.values():
        rows.sort(key=lambda child: child.id, reverse=True)
    return pages


async def single_use_link_counts(
    organization_id: int, link_ids: Sequence[int], status: SingleUseStatus | None
) -> dict[int, int]:
    """How many children of ``status`` (any, for None) each link has."""
    if not link_ids:
        return {}
    links = placeholders("link", len(link_ids))
    if status is None:
        # From the (link_id, id) index alone; the organization is checked on the links.
        sql = (
            "SELECT c.link_id, COUNT(*) AS total FROM single_use_links c "  # noqa: S608
            f"WHERE c.link_id IN (SELECT id FROM links WHERE id IN ({links}) "
            "AND organization_id = :organization_id) GROUP BY c.link_id"
        )
    else:
        sql = (
            f"SELECT c.link_id, COUNT(*) AS total {CHILDREN_OF} "
            f"WHERE c.link_id IN ({links}) AND {_children_filter(status, None)} "
            "GROUP BY c.link_id"
        )
    values = {
        "organization_id": organization_id,
        "now": datetime.now(UTC),
        **numbered("link", link_ids),
    }
    counts = {
        int(row["link_id"]): int(row["total"])
        for row in await prepared.fetch(Prepared.of(sql), values)
    }
    return {link_id: counts.get(link_id, 0) for link_id in link_ids}


async def hosts_of_links(
    organization_id: int, link_ids: Sequence[int]
) -> list[tuple[int, int, int, int]]:
    """(link id, user id, weight, priority) of these links of the organization, by link, in
    host order."""
    if not link_ids:
        return []
    statement = Prepared.of(_LINK_HOSTS.format(links=placeholders("link", len(link_ids))))
    values = {"organization_id": organization_id, **numbered("link", link_ids)}
    return [
        (row["link_id"], row["user_id"], row["weight"], row["priority"])
        for row in await prepared.fetch(statement, values)
    ]


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
