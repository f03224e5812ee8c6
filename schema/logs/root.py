"""Root fields of the meeting log."""

from __future__ import annotations

import strawberry

from resolvers import activity as resolve_activity
from resolvers import meeting_logs as resolve
from schema.bookings.types import Booking
from schema.logs.activity import ActivityItem
from schema.logs.types import RefusedAttempt
from schema.pagination import Connection


@strawberry.type
class LogsQuery:
    meeting_logs: Connection[Booking] = strawberry.field(
        resolver=resolve.meeting_logs_page,
        description="Every meeting in your scope (admins: the organization; members: meetings "
        "of links they own or that they host). Single-use meetings show unless hidden.",
    )
    refused_attempts: Connection[RefusedAttempt] = strawberry.field(
        resolver=resolve.refused_attempts_page,
        description="Attempts to book through a spent, expired, revoked or disabled "
        "single-use link: the unauthorized follow-ups that were blocked.",
    )
    activity: Connection[ActivityItem] = strawberry.field(
        resolver=resolve_activity.activity_page,
        description="What happened, newest first: single-use links minted, used, expired and "
        "revoked, meetings booked, rescheduled and cancelled, links changed. Scoped like the "
        "meeting log.",
    )
