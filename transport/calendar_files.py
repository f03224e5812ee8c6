"""GET /bookings/{manageToken}.ics: the invitee's calendar file, by the token that manages it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from config import Settings
from models.booking.bookings import find_by_manage_token, manage_url
from models.booking.calendar_files import booking_calendar, load_calendar_parts
from models.errors import RateLimitedError
from resolvers.failed_lookups import guard_for
from resolvers.failure_reads import FailureReads


class BookingCalendarFile:
    def __init__(self, settings: Settings, failure_reads: FailureReads) -> None:
        self.settings = settings
        self.failure_reads = failure_reads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._respond(Request(scope))
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        try:
            async with guard_for(request, self.settings, self.failure_reads).attempt(
                token
            ) as attempt:
                booking = await find_by_manage_token(token)
                if booking is None:
                    attempt.fail()
        except RateLimitedError as refused:
            return JSONResponse(
                {"error": "rate_limited", "retryAfterSeconds": refused.retry_after_seconds},
                status_code=429,
                headers={"Retry-After": str(refused.retry_after_seconds)},
            )
        if booking is None:
            return JSONResponse({"error": "not_found"}, status_code=404)
        parts = await load_calendar_parts(
            booking, self.settings.public_url, manage_url(self.settings.public_url, token)
        )
        return Response(
            booking_calendar(parts),
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": 'attachment; filename="meeting.ics"',
                "Cache-Control": "no-store",
            },
        )
