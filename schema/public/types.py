"""What an invitee sees: a booking page, or why there is none."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from schema.links.types import LocationKind


@strawberry.enum
class LinkKind(Enum):
    STANDARD = "STANDARD"
    SINGLE_USE = "SINGLE_USE"


@strawberry.enum
class LinkUnavailableReason(Enum):
    USED = "USED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"
    NOT_FOUND = "NOT_FOUND"


@strawberry.type(
    description="The link cannot be booked; the message tells the invitee whom to ask."
)
class LinkUnavailable:
    reason: LinkUnavailableReason
    message: str


@strawberry.type
class Prefill:
    name: str
    email: str


@strawberry.type(description="A bookable link's public page. Holds nothing private.")
class PublicLink:
    kind: LinkKind
    title: str
    meeting_type_name: str
    description: str
    duration_minutes: int
    location_kind: LocationKind
    host_names: list[str]
    owner_name: str
    owner_email: str
    expires_at: datetime | None
    prefill: Prefill | None = strawberry.field(description="Set when the link is personalized.")
    skip_form: bool = strawberry.field(
        description="Book without showing the form (personalized links, unless asked otherwise)."
    )
    lock_to_invitee: bool


PublicLinkResult = Annotated[PublicLink | LinkUnavailable, strawberry.union("PublicLinkResult")]
