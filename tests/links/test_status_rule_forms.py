"""One single-use status rule: every combination of a child's state and its parent's, run
through the Python rule and through each SQL form of it (the status itself, the booking's
claim and host lock, the expiry sweep, the report's counts), with no disagreement."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from models.accounts.tokens import mint_secret
from models.db import sql
from models.db.tables import Link, SingleUseLink
from models.links.rules import SingleUseStatus, single_use_status
from models.links.status_sql import (
    StatusColumns,
    child_open,
    child_unexpired,
    minted_after_cutoff,
    parent_enabled,
    parent_unexpired,
    status_case,
)
from models.reporting.reports import Grouping, single_use_link_report
from models.webhooks.expiry import announce_expired
from tests.support.link_factories import Team, create_team, make_link

NOW = datetime.now(UTC).replace(microsecond=0)
PAST, FUTURE = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
MOMENTS = (None, PAST, FUTURE)
USES = ((0, 1), (1, 1), (0, 2), (1, 2), (2, 2))
JOINED = StatusColumns.joined("c", "l")
FROM_CHILDREN = "FROM single_use_links c JOIN links l ON l.id = c.link_id"


@pytest.fixture
async def world(db: object) -> dict[int, SingleUseStatus]:
    """Every combination (36 parents x 30 children), and what the Python rule says of each.
    A parent's cutoff lies before its children were minted (PAST), after (FUTURE), or nowhere."""
    team: Team = await create_team()
    expected: dict[int, SingleUseStatus] = {}
    parents = itertools.product((True, False), (None, PAST), MOMENTS, MOMENTS)
    for number, (is_active, archived_at, parent_expiry, cutoff) in enumerate(parents):
        link = await make_link(team.owner, team.meeting_type, name=f"Parent {number}")
        await Link.filter(id=link.id).update(
            is_active=is_active,
            archived_at=archived_at,
            expires_at=parent_expiry,
            single_use_cutoff_at=cutoff,
        )
        await link.refresh_from_db()
        children = [
            SingleUseLink(
                link_id=link.id,
                created_by_id=team.owner.user_id,
                token_hash=(secret := mint_secret()).digest,
                token_prefix=secret.prefix,
                revoked_at=revoked_at,
                uses=uses,
                max_uses=max_uses,
                expires_at=expiry,
            )
            for revoked_at, (uses, max_uses), expiry in itertools.product(
                (None, PAST), USES, MOMENTS
            )
        ]
        await SingleUseLink.bulk_create(children)
        for child in await SingleUseLink.filter(link_id=link.id):
            expected[child.id] = single_use_status(child, link, NOW)
    return expected


async def _ids_where(condition: str) -> set[int]:
    rows = await sql.fetch(f"SELECT c.id {FROM_CHILDREN} WHERE {condition}", {"now": NOW})
    return {int(row["id"]) for row in rows}


async def test_the_status_in_sql_is_the_status_in_python(world: dict[int, SingleUseStatus]) -> None:
    rows = await sql.fetch(
        f"SELECT c.id, {status_case(JOINED)} AS status {FROM_CHILDREN}",
        {"now": NOW},
    )

    in_sql = {int(row["id"]): SingleUseStatus(row["status"]) for row in rows}
    assert len(world) == 1080
    assert set(world.values()) == set(SingleUseStatus)
    assert in_sql == world


async def test_the_booking_claims_exactly_the_active_children(
    world: dict[int, SingleUseStatus],
) -> None:
    claimable = await _ids_where(
        f"{child_open(JOINED)} AND {child_unexpired(JOINED)} AND {minted_after_cutoff(JOINED)}"
    )
    bookable_parent = await _ids_where(f"{parent_enabled(JOINED)} AND {parent_unexpired(JOINED)}")

    active = {i for i, status in world.items() if status is SingleUseStatus.ACTIVE}
    assert claimable & bookable_parent == active


async def test_the_sweep_announces_exactly_the_expired_children(
    world: dict[int, SingleUseStatus],
) -> None:
    while await announce_expired(NOW):
        pass

    announced = {child.id for child in await SingleUseLink.filter(expiry_announced=True)}
    expired = {i for i, status in world.items() if status is SingleUseStatus.EXPIRED}
    assert announced == expired


async def test_the_report_counts_each_child_once_by_its_status(
    world: dict[int, SingleUseStatus],
) -> None:
    """For every group: minted = active + used + expired + revoked + disabled, each column
    the children of that status by the Python rule; booked: those used at least once."""
    [organization_id] = {link.organization_id for link in await Link.all()}
    report = await single_use_link_report(
        organization_id, NOW - timedelta(days=1), NOW + timedelta(days=1), Grouping.LINK, NOW
    )

    children = await SingleUseLink.all()
    expected: dict[str, Counter[str]] = {}
    for child in children:
        counts = expected.setdefault(str(child.link_id), Counter())
        counts["minted"] += 1
        counts[world[child.id].value.lower()] += 1
        counts["booked"] += 1 if child.uses > 0 else 0
    columns = ("minted", "active", "used", "expired", "revoked", "disabled", "booked")
    assert {row.key: {column: getattr(row, column) for column in columns} for row in report} == {
        key: {column: counts[column] for column in columns} for key, counts in expected.items()
    }
    for row in report:
        assert row.minted == row.active + row.used + row.expired + row.revoked + row.disabled
