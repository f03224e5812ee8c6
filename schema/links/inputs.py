"""Inputs of the meeting type, link and single-use link mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from models.links.rules import LinkStatus
from schema.links.assignment import Assignment
from schema.links.bookable_by import BookableBy
from schema.links.change_policy import ChangePolicyInput
from schema.links.descriptions import LINK_CUTOFF, LINK_EXPIRY
from schema.links.routing import AnswerInput, QuestionInput, RoutingRuleInput
from schema.links.types import LinkStatusEnum, LocationKind, SingleUseLinkStatus


@strawberry.input
class CreateMeetingTypeInput:
    name: str
    duration_minutes: int
    location_kind: LocationKind
    location_details: str = ""
    description: str = ""
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0


@strawberry.input(description="Only the fields given are changed.")
class UpdateMeetingTypeInput:
    id: relay.GlobalID
    name: str | None = None
    duration_minutes: int | None = None
    location_kind: LocationKind | None = None
    location_details: str | None = None
    description: str | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None


@strawberry.input(description="A host's share of a round robin's meetings; what is left out stays.")
class HostSettingsInput:
    user_id: relay.GlobalID
    weight: int | None = strawberry.field(
        default=None, description="1-100 (default 1): a host of weight 2 takes twice the meetings."
    )
    priority: int | None = strawberry.field(
        default=None,
        description="1-5 (default 3): the free hosts of the highest priority are picked first.",
    )


@strawberry.input
class CreateLinkInput:
    name: str
    meeting_type_id: relay.GlobalID
    slug: str | None = strawberry.field(default=None, description="Default: made from the name.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Admins only: create a managed link for another user."
    )
    host_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Default: the owner alone."
    )
    assignment: Assignment | None = strawberry.field(
        default=None, description="Default: COLLECTIVE."
    )
    host_settings: list[HostSettingsInput] | None = strawberry.field(
        default=None, description="Default: every host of weight 1 and priority 3."
    )
    questions: list[QuestionInput] | None = strawberry.field(
        default=None, description="The booking form's questions, in their order."
    )
    routing_rules: list[RoutingRuleInput] | None = strawberry.field(
        default=None, description="RULES: the first rule the answers meet picks the pool."
    )
    expires_at: datetime | None = strawberry.field(default=None, description=LINK_EXPIRY)
    starts_before: datetime | None = strawberry.field(default=None, description=LINK_CUTOFF)
    minimum_notice_minutes: int | None = None
    booking_horizon_days: int | None = None
    slot_interval_minutes: int | None = None
    bookable_by: BookableBy | None = strawberry.field(
        default=None, description="Default: the organization's defaultBookableBy."
    )
    change_policy: ChangePolicyInput | None = strawberry.field(
        default=None,
        description="Default: invitees may reschedule and cancel, until the minimum notice.",
    )
    metadata: JSON | None = None


@strawberry.input(description="Only the fields given are changed.")
class UpdateLinkInput:
    id: relay.GlobalID
    name: str | None = None
    slug: str | None = None
    meeting_type_id: relay.GlobalID | None = None
    host_ids: list[relay.GlobalID] | None = None
    assignment: Assignment | None = None
    host_settings: list[HostSettingsInput] | None = strawberry.field(
        default=None,
        description="Hosts not named keep theirs; hosts new to the link get weight 1, priority 3.",
    )
    questions: list[QuestionInput] | None = strawberry.field(
        default=None, description="Replaces them all; [] removes them."
    )
    routing_rules: list[RoutingRuleInput] | None = strawberry.field(
        default=None, description="Replaces them all; [] removes them."
    )
    expires_at: datetime | None = strawberry.field(default=None, description=LINK_EXPIRY)
    clear_expiry: bool = False
    starts_before: datetime | None = strawberry.field(default=None, description=LINK_CUTOFF)
    clear_starts_before: bool = False
    minimum_notice_minutes: int | None = None
    booking_horizon_days: int | None = None
    slot_interval_minutes: int | None = None
    active: bool | None = None
    bookable_by: BookableBy | None = None
    change_policy: ChangePolicyInput | None = None
    metadata: JSON | None = None


@strawberry.input
class LinkIdInput:
    id: relay.GlobalID


@strawberry.input
class InviteeInput:
    name: str
    email: str


@strawberry.input
class CreateSingleUseLinkInput:
    link_id: relay.GlobalID
    label: str = ""
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="Until when it can be used to book; may only shorten the parent's expiry.",
    )
    starts_before: datetime | None = strawberry.field(
        default=None,
        description="Its meetings must start before this; may only bring the parent's earlier.",
    )
    max_uses: int = 1
    invitee: InviteeInput | None = None
    skip_form: bool | None = strawberry.field(
        default=None, description="Default: true when personalized with an invitee."
    )
    lock_to_invitee: bool = False
    metadata: JSON | None = None
    answers: list[AnswerInput] | None = strawberry.field(
        default=None, description="To the link's questions: the invitee is not asked these."
    )


@strawberry.input
class CreateSingleUseLinksInput:
    link_id: relay.GlobalID
    count: int = strawberry.field(description="1 to 500, minted in one transaction.")
    label: str = ""
    expires_at: datetime | None = None
    starts_before: datetime | None = None
    max_uses: int = 1
    invitee: InviteeInput | None = None
    skip_form: bool | None = None
    lock_to_invitee: bool = False
    metadata: JSON | None = None
    answers: list[AnswerInput] | None = strawberry.field(
        default=None, description="To the link's questions: the invitee is not asked these."
    )


@strawberry.input
class RevokeSingleUseLinkInput:
    id: relay.GlobalID


@strawberry.input
class LinksFilter:
    owner_id: relay.GlobalID | None = None
    status: LinkStatus | None = strawberry.field(
        default=None,
        graphql_type=LinkStatusEnum | None,
        description="Only links in this status; ACTIVE: the bookable ones.",
    )
    active: bool | None = strawberry.field(
        default=None,
        description=(
            "true: switched on and not archived (expired ones included: filter on status for "
            "the bookable ones); false: the others."
        ),
    )
    search: str | None = strawberry.field(default=None, description="In name or slug.")


@strawberry.input(description="Every condition given must hold.")
class SingleUseLinksFilter:
    status: SingleUseLinkStatus | None = None
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Children of this user's links."
    )
    label: str | None = strawberry.field(
        default=None, description="Case-insensitive substring of the label."
    )
    created_from: datetime | None = strawberry.field(default=None, description="Inclusive.")
    created_to: datetime | None = strawberry.field(default=None, description="Exclusive.")
