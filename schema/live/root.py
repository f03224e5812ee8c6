"""Live updates over WebSocket (graphql-transport-ws), each scoped as its matching query."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import live
from schema.live.types import MeetingLogChange, SingleUseLinkChange, SlotsChangedResult


@strawberry.type
class LiveSubscription:
    meeting_log_changed: AsyncGenerator[MeetingLogChange, None] = strawberry.subscription(
        resolver=live.meeting_log_changed,
        description=(
            "Meetings booked, moved and cancelled, as they commit, among those meetingLogs "
            "shows you with the same filter."
        ),
    )
    slots_changed: AsyncGenerator[SlotsChangedResult, None] = strawberry.subscription(
        resolver=live.slots_changed,
        description=(
            "Anonymous, by a booking page's key: its free times between `from` and `to` now, "
            "then again each time they change (a host's meeting booked, moved or cancelled, a "
            "host's hours, the link). LinkUnavailable, and the end, once the key is no longer "
            "bookable (a single-use link used, a link archived)."
        ),
    )
    single_use_link_changed: AsyncGenerator[SingleUseLinkChange, None] = strawberry.subscription(
        resolver=live.single_use_link_changed,
        description=(
            "The link's single-use links minted, used, expired and revoked, and changes of the "
            "link itself, as they commit. For those who may see the link."
        ),
    )
