"""The pure rules of single-use links, on unsaved rows: no database involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.db.tables import BookableBy, Link, SingleUseLink
from models.links.rules import (
    KeyStatus,
    OwnerContact,
    SingleUseStatus,
    effective_expires_at,
    link_status,
    merged_metadata,
    single_use_status,
    unavailable_message,
)

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
PAST = NOW - timedelta(days=1)
SOON = NOW + timedelta(days=1)
LATER = NOW + timedelta(days=7)
OWNER = OwnerContact(name="Max Member", email="max@acme.test")


def parent(
    *,
    expires_at: datetime | None = None,
    archived_at: datetime | None = None,
    is_active: bool = True,
    metadata: dict[str, Any] | None = None,
    bookable_by: BookableBy = BookableBy.ANYONE,
) -> Link:
    return Link(
        name="Discovery call",
        slug="discovery-call",
        expires_at=expires_at,
        archived_at=archived_at,
        is_active=is_active,
        metadata=metadata or {},
        bookable_by=bookable_by,
    )


def child(
    *,
    expires_at: datetime | None = None,
    uses: int = 0,
    max_uses: int = 1,
    revoked_at: datetime | None = None,
    metadata: dict[str, Any] | None = None,
) -> SingleUseLink:
    return SingleUseLink(
        token_hash="0" * 64,
        token_prefix="abcdefghij",
        expires_at=expires_at,
        uses=uses,
        max_uses=max_uses,
        revoked_at=revoked_at,
        metadata=metadata or {},
    )


def test_fresh_child_of_an_active_link_is_active() -> None:
    assert single_use_status(child(), parent(), NOW) is SingleUseStatus.ACTIVE


def test_child_with_uses_left_is_active() -> None:
    assert single_use_status(child(uses=2, max_uses=3), parent(), NOW) is SingleUseStatus.ACTIVE


def test_child_whose_uses_are_spent_is_used() -> None:
    assert single_use_status(child(uses=3, max_uses=3), parent(), NOW) is SingleUseStatus.USED


def test_child_past_its_own_expiry_is_expired() -> None:
    assert single_use_status(child(expires_at=PAST), parent(), NOW) is SingleUseStatus.EXPIRED


def test_child_past_its_parents_expiry_is_expired() -> None:
    status = single_use_status(child(), parent(expires_at=PAST), NOW)

    assert status is SingleUseStatus.EXPIRED


def test_child_expires_at_the_very_moment_of_its_expiry() -> None:
    assert single_use_status(child(expires_at=NOW), parent(), NOW) is SingleUseStatus.EXPIRED
    assert (
        single_use_status(child(expires_at=NOW), parent(), NOW - timedelta(microseconds=1))
        is SingleUseStatus.ACTIVE
    )


def test_child_with_a_future_expiry_is_active() -> None:
    status = single_use_status(child(expires_at=SOON), parent(expires_at=LATER), NOW)

    assert status is SingleUseStatus.ACTIVE


def test_revoked_child_is_revoked() -> None:
    assert single_use_status(child(revoked_at=PAST), parent(), NOW) is SingleUseStatus.REVOKED


def test_child_of_an_archived_link_is_disabled() -> None:
    status = single_use_status(child(), parent(archived_at=PAST), NOW)

    assert status is SingleUseStatus.DISABLED


def test_child_of_an_inactive_link_is_disabled() -> None:
    assert single_use_status(child(), parent(is_active=False), NOW) is SingleUseStatus.DISABLED


@pytest.mark.parametrize(
    ("the_child", "the_parent", "expected"),
    [
        pytest.param(
            child(revoked_at=PAST, uses=1, expires_at=PAST),
            parent(archived_at=PAST, expires_at=PAST),
            SingleUseStatus.REVOKED,
            id="revoked-beats-everything",
        ),
        pytest.param(
            child(revoked_at=PAST, uses=1),
            parent(),
            SingleUseStatus.REVOKED,
            id="revoked-over-used",
        ),
        pytest.param(
            child(uses=1), parent(archived_at=PAST), SingleUseStatus.USED, id="used-over-disabled"
        ),
        pytest.param(
            child(uses=1, expires_at=PAST), parent(), SingleUseStatus.USED, id="used-over-expired"
        ),
        pytest.param(
            child(expires_at=PAST),
            parent(is_active=False),
            SingleUseStatus.DISABLED,
            id="disabled-over-own-expiry",
        ),
        pytest.param(
            child(),
            parent(archived_at=PAST, expires_at=PAST),
            SingleUseStatus.DISABLED,
            id="disabled-over-parent-expiry",
        ),
    ],
)
def test_status_precedence_is_revoked_used_disabled_expired(
    the_child: SingleUseLink, the_parent: Link, expected: SingleUseStatus
) -> None:
    assert single_use_status(the_child, the_parent, NOW) is expected


@pytest.mark.parametrize(
    ("own", "parents", "expected"),
    [
        pytest.param(None, None, None, id="neither"),
        pytest.param(SOON, None, SOON, id="own-only"),
        pytest.param(None, LATER, LATER, id="parent-only"),
        pytest.param(SOON, LATER, SOON, id="own-earlier"),
        pytest.param(LATER, SOON, SOON, id="parent-earlier"),
    ],
)
def test_effective_expiry_is_the_earlier_of_own_and_parent(
    own: datetime | None, parents: datetime | None, expected: datetime | None
) -> None:
    assert effective_expires_at(child(expires_at=own), parent(expires_at=parents)) == expected


def test_merged_metadata_is_the_parents_with_the_childs_keys_winning() -> None:
    the_parent = parent(metadata={"campaign": "spring", "crm": "parent-record"})
    the_child = child(metadata={"crm": "lead-42", "tier": 1})

    merged = merged_metadata(the_child, the_parent)

    assert merged == {"campaign": "spring", "crm": "lead-42", "tier": 1}
    assert the_parent.metadata == {"campaign": "spring", "crm": "parent-record"}


def test_merged_metadata_of_a_child_without_its_own_is_the_parents() -> None:
    merged = merged_metadata(child(), parent(metadata={"campaign": "spring"}))

    assert merged == {"campaign": "spring"}


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (SingleUseStatus.USED, "This link has already been used to book a meeting."),
        (SingleUseStatus.EXPIRED, "This link has expired."),
        (SingleUseStatus.REVOKED, "This link has been withdrawn."),
        (SingleUseStatus.DISABLED, "This link is no longer available."),
    ],
)
def test_unavailable_message_names_the_owner_and_their_email(
    status: SingleUseStatus, reason: str
) -> None:
    message = unavailable_message(status, OWNER)

    assert message == (f"{reason} Please contact Max Member (max@acme.test) to arrange a meeting.")


def test_unavailable_message_of_an_unknown_link_names_nobody() -> None:
    message = unavailable_message(None, None)

    assert message == (
        "This booking link does not exist. "
        "Please check the address, or ask the person who sent it for a new link."
    )


@pytest.mark.parametrize(
    ("the_parent", "expected"),
    [
        pytest.param(parent(), KeyStatus.ACTIVE, id="active"),
        pytest.param(parent(expires_at=PAST), KeyStatus.EXPIRED, id="expired"),
        pytest.param(parent(is_active=False), KeyStatus.DISABLED, id="inactive"),
        pytest.param(parent(archived_at=PAST, expires_at=PAST), KeyStatus.DISABLED, id="archived"),
        pytest.param(
            parent(bookable_by=BookableBy.SINGLE_USE_ONLY), KeyStatus.SINGLE_USE_ONLY, id="private"
        ),
        pytest.param(
            parent(bookable_by=BookableBy.SINGLE_USE_ONLY, archived_at=PAST, expires_at=PAST),
            KeyStatus.SINGLE_USE_ONLY,
            id="private-says-nothing-more",
        ),
    ],
)
def test_standard_link_status(the_parent: Link, expected: KeyStatus) -> None:
    assert link_status(the_parent, NOW) is expected
