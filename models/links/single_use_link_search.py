"""Single-use links across every link a viewer may see: newest first, filtered, in keyset
pages. One statement for a page and one for the count, whatever the number of links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from models.accounts.viewer import Viewer
from models.db import prepared
from models.db.prepared import Prepared
from models.links.listing_reads import (
    CHILD_COLUMNS,
    CHILDREN_OF,
    STATUS_COLUMNS,
    SingleUseLinkRow,
    child_row,
)
from models.links.rules import SingleUseStatus
from models.links.status_sql import status_is

MAX_LABEL_SEARCH = 200


@dataclass(frozen=True, slots=True)
class SingleUseLinkSearch:
    status: SingleUseStatus | None = None
    owner_id: int | None = None
    # Case-insensitive substring of the label.
    label: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(viewer: Viewer, search: SingleUseLinkSearch) -> tuple[str, dict[str, Any]]:
    conditions = ["l.organization_id = :organization_id"]
    values: dict[str, Any] = {"organization_id": viewer.organization_id, "now": datetime.now(UTC)}
    if not viewer.is_admin:
        # The links members see: those they own or host.
        conditions.append(
            "(l.owner_id = :user_id OR EXISTS (SELECT 1 FROM link_hosts h "
            "WHERE h.link_id = l.id AND h.user_id = :user_id))"
        )
        values["user_id"] = viewer.user_id
    if search.status is not None:
        conditions.append(status_is(search.status, STATUS_COLUMNS))
    if search.owner_id is not None:
        conditions.append("l.owner_id = :owner_id")
        values["owner_id"] = search.owner_id
    if search.label:
        conditions.append("LOWER(c.label) LIKE :label ESCAPE '\\'")
        values["label"] = f"%{_escaped(search.label.lower())}%"
    if search.created_from is not None:
        conditions.append("c.created_at >= :created_from")
        values["created_from"] = search.created_from
    if search.created_to is not None:
        conditions.append("c.created_at < :created_to")
        values["created_to"] = search.created_to
    return " AND ".join(conditions), values


async def search_single_use_links(
    viewer: Viewer, search: SingleUseLinkSearch, *, take: int, before_id: int | None
) -> list[SingleUseLinkRow]:
    where, values = _where(viewer, search)
    if before_id is not None:
        where += " AND c.id < :before_id"
        values["before_id"] = before_id
    statement = Prepared.of(
        f"SELECT {CHILD_COLUMNS} {CHILDREN_OF} WHERE {where} ORDER BY c.id DESC LIMIT :take"
    )
    return [child_row(row) for row in await prepared.fetch(statement, {**values, "take": take})]


async def count_single_use_links(viewer: Viewer, search: SingleUseLinkSearch) -> int:
    where, values = _where(viewer, search)
    statement = Prepared.of(f"SELECT COUNT(*) AS total {CHILDREN_OF} WHERE {where}")
    [row] = await prepared.fetch(statement, values)
    return int(row["total"])
