"""The invitee's cancel/reschedule policy: per link, read live by its single-use links.

OnceHub: customers "cancel and reschedule as usual based on your Cancel/reschedule policy".
A link says whether its invitees may reschedule and cancel online, how much notice each
needs, and how often one booking may be moved. Owners and admins are not bound by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum, StrEnum

from models.db.tables import Booking, BookingStatus, Link
from models.links.rules import OwnerContact
from models.validation import FieldErrors

# Minutes of notice, as for booking (up to a year); reschedules per booking.
NOTICE_RANGE = (0, 60 * 24 * 365)
MAX_RESCHEDULES_RANGE = (0, 100)


class Change(StrEnum):
    RESCHEDULE = "RESCHEDULE"
    CANCEL = "CANCEL"


class ChangeRule(StrEnum):
    """Which rule refused a change."""

    CANCELLED = "CANCELLED"
    RESCHEDULE_OFF = "RESCHEDULE_OFF"
    CANCEL_OFF = "CANCEL_OFF"
    RESCHEDULE_NOTICE = "RESCHEDULE_NOTICE"
    CANCEL_NOTICE = "CANCEL_NOTICE"
    RESCHEDULE_LIMIT = "RESCHEDULE_LIMIT"


@dataclass(frozen=True, slots=True)
class ChangePolicy:
    invitee_may_reschedule: bool
    invitee_may_cancel: bool
    reschedule_notice_minutes: int
    cancel_notice_minutes: int
    # None: no limit.
    max_reschedules: int | None

    @classmethod
    def of(cls, link: Link) -> ChangePolicy:
        """A notice the link leaves unset is its minimum notice for booking."""
        return cls(
            invitee_may_reschedule=link.invitee_may_reschedule,
            invitee_may_cancel=link.invitee_may_cancel,
            reschedule_notice_minutes=_or_booking_notice(link.reschedule_notice_minutes, link),
            cancel_notice_minutes=_or_booking_notice(link.cancel_notice_minutes, link),
            max_reschedules=link.max_reschedules,
        )

    def invitee_refusal(self, change: Change, booking: Booking, now: datetime) -> ChangeRule | None:
        """The rule that keeps the invitee from making ``change`` now, if any."""
        if booking.status is BookingStatus.CANCELLED:
            return ChangeRule.CANCELLED
        if change is Change.CANCEL:
            if not self.invitee_may_cancel:
                return ChangeRule.CANCEL_OFF
            if booking.start_at < now + timedelta(minutes=self.cancel_notice_minutes):
                return ChangeRule.CANCEL_NOTICE
            return None
        if not self.invitee_may_reschedule:
            return ChangeRule.RESCHEDULE_OFF
        if booking.start_at < now + timedelta(minutes=self.reschedule_notice_minutes):
            return ChangeRule.RESCHEDULE_NOTICE
        if self.max_reschedules is not None and booking.reschedule_count >= self.max_reschedules:
            return ChangeRule.RESCHEDULE_LIMIT
        return None

    def reschedules_left(self, booking: Booking) -> int | None:
        if self.max_reschedules is None:
            return None
        return max(0, self.max_reschedules - booking.reschedule_count)


def _or_booking_notice(minutes: int | None, link: Link) -> int:
    return link.minimum_notice_minutes if minutes is None else minutes


def refusal_message(
    rule: ChangeRule, policy: ChangePolicy, contact: OwnerContact, *, through_single_use: bool
) -> str:
    """What the invitee is told: which rule refused, and whom to contact."""
    ask = f"Please contact {contact.name} ({contact.email})"
    if rule is ChangeRule.CANCELLED:
        if through_single_use:
            # The single-use link is spent: booking again is the owner's call.
            return f"This meeting was cancelled. {ask} to book another."
        return "This meeting was cancelled; book a new one instead."
    if rule is ChangeRule.RESCHEDULE_OFF:
        return f"This meeting cannot be rescheduled online. {ask} to move it."
    if rule is ChangeRule.CANCEL_OFF:
        return f"This meeting cannot be cancelled online. {ask} to cancel it."
    if rule is ChangeRule.RESCHEDULE_NOTICE:
        return (
            "This meeting starts too soon to be rescheduled online (it can be moved until "
            f"{_notice(policy.reschedule_notice_minutes)} before it starts). {ask}."
        )
    if rule is ChangeRule.CANCEL_NOTICE:
        return (
            "This meeting starts too soon to be cancelled online (it can be cancelled until "
            f"{_notice(policy.cancel_notice_minutes)} before it starts). {ask}."
        )
    return (
        f"This meeting has been rescheduled {_times(policy.max_reschedules or 0)} already, "
        f"as often as its link allows. {ask} to move it again."
    )


def _notice(minutes: int) -> str:
    if minutes % (60 * 24) == 0 and minutes:
        days = minutes // (60 * 24)
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0 and minutes:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


class Keep(Enum):
    """A policy field an update leaves as it is."""

    KEEP = "KEEP"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class PolicyChanges:
    """Only the fields given change. A notice or ``max_reschedules`` given as None goes back
    to its default: the link's minimum notice, no limit."""

    invitee_may_reschedule: bool | Keep = KEEP
    invitee_may_cancel: bool | Keep = KEEP
    reschedule_notice_minutes: int | Keep | None = KEEP
    cancel_notice_minutes: int | Keep | None = KEEP
    max_reschedules: int | Keep | None = KEEP

    def check(self, errors: FieldErrors, prefix: str = "changePolicy") -> None:
        for name, value, bounds in (
            ("rescheduleNoticeMinutes", self.reschedule_notice_minutes, NOTICE_RANGE),
            ("cancelNoticeMinutes", self.cancel_notice_minutes, NOTICE_RANGE),
            ("maxReschedules", self.max_reschedules, MAX_RESCHEDULES_RANGE),
        ):
            if isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
                errors.add(f"{prefix}.{name}", f"must be between {bounds[0]} and {bounds[1]}")

    def given(self) -> dict[str, bool | int | None]:
        """The link's columns to set."""
        return {
            name: value
            for name, value in (
                ("invitee_may_reschedule", self.invitee_may_reschedule),
                ("invitee_may_cancel", self.invitee_may_cancel),
                ("reschedule_notice_minutes", self.reschedule_notice_minutes),
                ("cancel_notice_minutes", self.cancel_notice_minutes),
                ("max_reschedules", self.max_reschedules),
            )
            if value is not KEEP
        }
