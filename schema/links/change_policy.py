"""The invitee's cancel/reschedule policy as the API shows and takes it."""

from __future__ import annotations

import strawberry

from models.booking import change_policy
from models.booking.change_policy import KEEP, Keep, PolicyChanges


@strawberry.type(
    description=(
        "What the invitee may do with a booking made through the link (and its single-use "
        "links, which follow it live). Owners and admins are not bound by it."
    )
)
class ChangePolicy:
    invitee_may_reschedule: bool
    invitee_may_cancel: bool
    reschedule_notice_minutes: int = strawberry.field(
        description="The invitee may reschedule until this long before the start."
    )
    cancel_notice_minutes: int = strawberry.field(
        description="The invitee may cancel until this long before the start."
    )
    max_reschedules: int | None = strawberry.field(
        description="How often the invitee may move one booking; null: no limit."
    )

    @classmethod
    def of(cls, policy: change_policy.ChangePolicy) -> ChangePolicy:
        return cls(
            invitee_may_reschedule=policy.invitee_may_reschedule,
            invitee_may_cancel=policy.invitee_may_cancel,
            reschedule_notice_minutes=policy.reschedule_notice_minutes,
            cancel_notice_minutes=policy.cancel_notice_minutes,
            max_reschedules=policy.max_reschedules,
        )


@strawberry.input(
    description=(
        "Fields left out stay as they are. A notice set to null goes back to the link's minimum "
        "notice; maxReschedules set to null means no limit."
    )
)
class ChangePolicyInput:
    invitee_may_reschedule: bool | None = strawberry.UNSET
    invitee_may_cancel: bool | None = strawberry.UNSET
    reschedule_notice_minutes: int | None = strawberry.UNSET
    cancel_notice_minutes: int | None = strawberry.UNSET
    max_reschedules: int | None = strawberry.UNSET

    def changes(self) -> PolicyChanges:
        return PolicyChanges(
            invitee_may_reschedule=_flag(self.invitee_may_reschedule),
            invitee_may_cancel=_flag(self.invitee_may_cancel),
            reschedule_notice_minutes=_value(self.reschedule_notice_minutes),
            cancel_notice_minutes=_value(self.cancel_notice_minutes),
            max_reschedules=_value(self.max_reschedules),
        )


def _flag(value: bool | None) -> bool | Keep:
    # A yes/no has no default to go back to: null leaves it as it is.
    return KEEP if value is None or value is strawberry.UNSET else value


def _value(value: int | None) -> int | Keep | None:
    return KEEP if value is strawberry.UNSET else value
