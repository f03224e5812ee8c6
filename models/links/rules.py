"""Pure rules of links and their single-use children: what a child inherits, and its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from tortoise.expressions import Q

from models.db.tables import BookableBy, Link


class SingleUseStatus(StrEnum):
    ACTIVE = "ACTIVE"
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"


class KeyStatus(StrEnum):
    """What an invitee's key opens: a single-use link's status, or a standard link's, which
    may also take bookings through its single-use links only."""

    ACTIVE = "ACTIVE"
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"
    SINGLE_USE_ONLY = "SINGLE_USE_ONLY"


class SingleUseFields(Protocol):
    """What is read of a single-use link to show it: its model, or a listing's plain row."""

    @property
    def id(self) -> int: ...
    @property
    def link_id(self) -> int: ...
    @property
    def created_by_id(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def token_prefix(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def starts_before(self) -> datetime | None: ...
    @property
    def max_uses(self) -> int: ...
    @property
    def uses(self) -> int: ...
    @property
    def invitee_name(self) -> str | None: ...
    @property
    def invitee_email(self) -> str | None: ...
    @property
    def skip_form(self) -> bool: ...
    @property
    def lock_to_invitee(self) -> bool: ...
    @property
    def metadata(self) -> dict[str, Any]: ...
    @property
    def revoked_at(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class OwnerContact:
    name: str
    email: str


def earliest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return min(present) if present else None


def link_is_disabled(link: Link) -> bool:
    return link.archived_at is not None or not link.is_active


class LinkStatus(StrEnum):
    """Where a link stands, as its owner sees it: archived, switched off, past its expiry, or
    taking bookings (the first that holds)."""

    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    INACTIVE = "INACTIVE"
    ARCHIVED = "ARCHIVED"


def link_lifecycle(link: Link, now: datetime) -> LinkStatus:
    if link.archived_at is not None:
        return LinkStatus.ARCHIVED
    if not link.is_active:
        return LinkStatus.INACTIVE
    if link.expires_at is not None and link.expires_at <= now:
        return LinkStatus.EXPIRED
    return LinkStatus.ACTIVE


def links_in(status: LinkStatus, now: datetime) -> Q:
    """``link_lifecycle`` as a filter of the links table: the same rule, for queries."""
    if status is LinkStatus.ARCHIVED:
        return Q(archived_at__isnull=False)
    if status is LinkStatus.INACTIVE:
        return Q(archived_at__isnull=True, is_active=False)
    live = Q(archived_at__isnull=True, is_active=True)
    if status is LinkStatus.EXPIRED:
        return live & Q(expires_at__lte=now)
    return live & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def link_status(link: Link, now: datetime) -> KeyStatus:
    """A standard link's own address: never USED or REVOKED. One that takes bookings through
    its single-use links only says just that, whatever else holds: its address tells nothing
    more about it."""
    if link.bookable_by is BookableBy.SINGLE_USE_ONLY:
        return KeyStatus.SINGLE_USE_ONLY
    if link_is_disabled(link):
        return KeyStatus.DISABLED
    if link.expires_at is not None and link.expires_at <= now:
        return KeyStatus.EXPIRED
    return KeyStatus.ACTIVE


def effective_expires_at(child: SingleUseFields, parent: Link) -> datetime | None:
    """Until when the single-use link can be used to book."""
    return earliest(child.expires_at, parent.expires_at)


def effective_starts_before(child: SingleUseFields, parent: Link) -> datetime | None:
    """Before when its meetings must start: an expiry says nothing about that."""
    return earliest(child.starts_before, parent.starts_before)


def minted_before_cutoff(child: SingleUseFields, parent: Link) -> bool:
    """Minted before the parent went from assigning a host per booking to one fixed host:
    disabled for good, whatever the parent does next. OnceHub: "If you change the Rule type of
    your Master page from Dynamic to Static, Customers will not be able to use any one-time
    link that you previously generated." """
    cutoff = parent.single_use_cutoff_at
    return cutoff is not None and child.created_at < cutoff


def single_use_status(child: SingleUseFields, parent: Link, now: datetime) -> SingleUseStatus:
    # Precedence: the owner's explicit act, then spent uses, then the parent, then time.
    if child.revoked_at is not None:
        return SingleUseStatus.REVOKED
    if child.uses >= child.max_uses:
        return SingleUseStatus.USED
    if link_is_disabled(parent) or minted_before_cutoff(child, parent):
        return SingleUseStatus.DISABLED
    expiry = effective_expires_at(child, parent)
    if expiry is not None and expiry <= now:
        return SingleUseStatus.EXPIRED
    return SingleUseStatus.ACTIVE


def merged_metadata(child: SingleUseFields, parent: Link) -> dict[str, Any]:
    return {**parent.metadata, **child.metadata}


_NOT_FOUND = "This booking link does not exist."
_REASONS = {
    SingleUseStatus.USED: "This link has already been used to book a meeting.",
    SingleUseStatus.EXPIRED: "This link has expired.",
    SingleUseStatus.REVOKED: "This link has been withdrawn.",
    SingleUseStatus.DISABLED: "This link is no longer available.",
    KeyStatus.SINGLE_USE_ONLY: "This link takes bookings only through personal one-time links.",
}


def unavailable_message(
    status: KeyStatus | SingleUseStatus | None, contact: OwnerContact | None
) -> str:
    """What the invitee reads when a link refuses a booking; ``None`` means no such link."""
    reason = _NOT_FOUND if status is None else _REASONS.get(status, _NOT_FOUND)
    if contact is None:
        return f"{reason} Please check the address, or ask the person who sent it for a new link."
    return f"{reason} Please contact {contact.name} ({contact.email}) to arrange a meeting."
