"""Live updates over WebSocket (graphql-transport-ws), each scoped as its matching query."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import live
from schema.live.types import MeetingLogChange, SingleUseLinkChange


@strawberry.type
class LiveSubscription:
    meeting_log_changed: AsyncGenerator[MeetingLogChange, None] = strawberry.subscription(
        resolver=live.meeting_log_changed,
        description=(
            "Meetings booked, moved and cancelled, as they commit, among those meetingLogs "
            "shows you with the same filter."
        ),
    )
    single_use_link_changed: AsyncGenerator[SingleUseLinkChange, None] = strawberry.subscription(
        resolver=live.single_use_link_changed,
        description=(
            "The link's single-use links minted, used, expired and revoked, and changes of the "
            "link itself, as they commit. For those who may see the link."
        ),
    )
