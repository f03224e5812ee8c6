"""The baseline: plain Starlette running the same SQL directly, answering what GraphQL answers.

    uvicorn bench.baseline_app:create_app --factory   (DATABASE_URL as for the server)

Each route reads the same request body the GraphQL endpoint gets (only its variables) and
returns the same JSON shape, so the load generator checks both alike. What it leaves out is
deliberate: no slot-offer reads before booking, no detail reads after, no API-key check when
minting. The difference from the GraphQL figures is the price of everything else.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.baseline_db import Database, Row, Session, as_datetime, open_database

TRANSACTION_ATTEMPTS = 5
CHILDREN_PAGE = 20  # the default page of Link.singleUseLinks

CLAIM = """
UPDATE single_use_links SET uses = uses + 1
WHERE token_hash = ? AND revoked_at IS NULL AND uses < max_uses
  AND (expires_at IS NULL OR expires_at > ?)
RETURNING id, link_id, metadata
"""
LOCK_HOSTS = """
UPDATE users SET booking_sequence = booking_sequence + 1
WHERE id IN (SELECT user_id FROM link_hosts WHERE link_id = ?)
RETURNING id
"""
LINK_CHECK = """
SELECT l.organization_id, l.owner_id, l.metadata, t.duration_minutes,
       t.buffer_before_minutes, t.buffer_after_minutes
FROM links AS l JOIN meeting_types AS t ON t.id = l.meeting_type_id
WHERE l.id = ? AND l.is_active AND l.archived_at IS NULL
  AND (l.expires_at IS NULL OR l.expires_at > ?)
"""
OVERLAP = """
SELECT 1 FROM booking_hosts
WHERE user_id {ids} AND active
  AND ((start_at < ? AND end_at > ?) OR (blocked_start < ? AND blocked_end > ?))
LIMIT 1
"""
INSERT_BOOKING = """
INSERT INTO bookings (organization_id, link_id, single_use_link_id, start_at, end_at,
    invitee_name, invitee_email, invitee_time_zone, notes, metadata, status,
    manage_token_hash, manage_token_prefix, reschedule_count, cancel_reason,
    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, 'CONFIRMED', ?, ?, 0, '', ?, ?)
RETURNING id
"""
INSERT_HOST_ROW = "(?, ?, ?, ?, ?, ?, ?)"
INSERT_HOSTS = """
INSERT INTO booking_hosts (booking_id, user_id, start_at, end_at, blocked_start, blocked_end,
    active)
VALUES
"""
INSERT_EVENT = """
INSERT INTO booking_events (booking_id, kind, actor_kind, occurred_at, reason)
VALUES (?, 'BOOKED', 'INVITEE', ?, '')
"""
# The outbox rows a booking through a single-use link writes with it (see models.webhooks.events).
INSERT_WEBHOOK_EVENTS = """
INSERT INTO webhook_events (organization_id, link_owner_id, type, payload, occurred_at, fanned_out)
VALUES (?, ?, 'booking.created', ?, ?, FALSE), (?, ?, 'single_use_link.used', ?, ?, FALSE)
"""
MINT = """
INSERT INTO single_use_links (link_id, created_by_id, created_at, token_hash, token_prefix,
    label, max_uses, uses, skip_form, lock_to_invitee, metadata)
VALUES (?, (SELECT owner_id FROM links WHERE id = ?), ?, ?, ?, '', 1, 0, ?, ?, '{}')
RETURNING id
"""
AUTH = """
SELECT u.organization_id FROM api_keys AS k JOIN users AS u ON u.id = k.user_id
WHERE k.key_hash = ? AND k.revoked_at IS NULL
"""
LINKS_COUNT = "SELECT COUNT(*) FROM links WHERE organization_id = ?"
LINKS_PAGE = """
SELECT l.id, l.name, l.slug, l.expires_at, l.is_active, l.archived_at, o.email,
       t.name, t.duration_minutes
FROM links AS l
JOIN users AS o ON o.id = l.owner_id
JOIN meeting_types AS t ON t.id = l.meeting_type_id
WHERE l.organization_id = ? ORDER BY l.id DESC LIMIT ?
"""
LINK_HOSTS = """
SELECT h.link_id, u.email FROM link_hosts AS h JOIN users AS u ON u.id = h.user_id
WHERE h.link_id {ids} ORDER BY h.link_id, h.position
"""
CHILDREN = """
SELECT id, link_id, token_prefix, uses, max_uses, expires_at, revoked_at
FROM single_use_links WHERE link_id {ids} ORDER BY link_id, id DESC
"""
LOGS_COUNT = "SELECT COUNT(*) FROM bookings WHERE organization_id = ?"
LOGS_PAGE = """
SELECT b.id, b.status, b.start_at, b.end_at, b.single_use_link_id,
       b.invitee_name, b.invitee_email, b.invitee_time_zone, l.name
FROM bookings AS b JOIN links AS l ON l.id = b.link_id
WHERE b.organization_id = ? ORDER BY b.start_at DESC, b.id DESC LIMIT ?
"""
BOOKING_HOSTS = """
SELECT h.booking_id, u.name FROM booking_hosts AS h JOIN users AS u ON u.id = h.user_id
WHERE h.booking_id {ids} ORDER BY h.booking_id, h.id
"""


class Refused(Exception):
    def __init__(self, typename: str) -> None:
        super().__init__(typename)
        self.typename = typename


def global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def json_response(field: str, payload: object) -> Response:
    return Response(orjson.dumps({"data": {field: payload}}), media_type="application/json")


async def variables(request: Request) -> dict[str, Any]:
    body: dict[str, Any] = orjson.loads(await request.body())
    return body.get("variables") or {}


def database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


async def _book_once(db: Database, given: dict[str, Any], manage: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    start = datetime.fromisoformat(given["start"])
    invitee = given["invitee"]
    async with db.session(transaction=True) as tx:
        claimed = await tx.fetch(CLAIM, digest(given["key"]), tx.instant(now))
        if not claimed:
            raise Refused("LinkUnavailable")
        child_id, link_id, child_metadata = claimed[0]
        host_ids = [int(row[0]) for row in await tx.fetch(LOCK_HOSTS, link_id)]
        link = await tx.fetch(LINK_CHECK, link_id, tx.instant(now))
        if not link:
            raise Refused("LinkUnavailable")
        organization_id, owner_id, link_metadata, minutes, before_minutes, after_minutes = link[0]
        end = start + timedelta(minutes=minutes)
        before, after = timedelta(minutes=before_minutes), timedelta(minutes=after_minutes)
        clash = await tx.fetch(
            OVERLAP,
            tx.ids(host_ids),
            tx.instant(end + after),
            tx.instant(start - before),
            tx.instant(end),
            tx.instant(start),
        )
        if clash:
            raise Refused("SlotUnavailable")
        metadata = {**orjson.loads(link_metadata), **orjson.loads(child_metadata)}
        booked = await tx.fetch(
            INSERT_BOOKING,
            organization_id,
            link_id,
            child_id,
            tx.instant(start),
            tx.instant(end),
            invitee["name"],
            invitee["email"],
            invitee["timeZone"],
            orjson.dumps(metadata).decode(),
            digest(manage),
            manage[:10],
            tx.instant(now),
            tx.instant(now),
        )
        booking_id = booked[0][0]
        await _insert_host_rows(tx, booking_id, host_ids, start, end, before, after)
        await tx.fetch(INSERT_EVENT, booking_id, tx.instant(now))
        created, used = _webhook_payloads(booking_id, link_id, child_id, given, start, end, now)
        await tx.fetch(
            INSERT_WEBHOOK_EVENTS,
            organization_id,
            owner_id,
            created,
            tx.instant(now),
            organization_id,
            owner_id,
            used,
            tx.instant(now),
        )
    return {
        "__typename": "BookingConfirmed",
        "manageToken": manage,
        "booking": {
            "id": global_id("Booking", booking_id),
            "startAt": start.isoformat(),
            "endAt": end.isoformat(),
        },
    }


def _webhook_payloads(
    booking_id: int,
    link_id: int,
    child_id: int,
    given: dict[str, Any],
    start: datetime,
    end: datetime,
    now: datetime,
) -> tuple[str, str]:
    booking = {
        "id": global_id("Booking", booking_id),
        "status": "CONFIRMED",
        "startAt": start.isoformat(),
        "endAt": end.isoformat(),
        "invitee": given["invitee"],
    }
    link = {"id": global_id("Link", link_id), "type": "SINGLE_USE"}
    child = {"id": global_id("SingleUseLink", child_id)}
    created = {
        "type": "booking.created",
        "timestamp": now.isoformat(),
        "data": {"booking": booking, "link": link, "singleUseLink": child},
    }
    used = {
        "type": "single_use_link.used",
        "timestamp": now.isoformat(),
        "data": {"singleUseLink": child, "link": link, "bookingId": booking["id"]},
    }
    return orjson.dumps(created).decode(), orjson.dumps(used).decode()


async def _insert_host_rows(
    tx: Session,
    booking_id: int,
    host_ids: list[int],
    start: datetime,
    end: datetime,
    before: timedelta,
    after: timedelta,
) -> None:
    values: list[Any] = []
    for host_id in host_ids:
        values += [
            booking_id,
            host_id,
            tx.instant(start),
            tx.instant(end),
            tx.instant(start - before),
            tx.instant(end + after),
            True,
        ]
    try:
        await tx.fetch(INSERT_HOSTS + ", ".join([INSERT_HOST_ROW] * len(host_ids)), *values)
    except (sqlite3.IntegrityError, asyncpg.exceptions.ExclusionViolationError):
        raise Refused("SlotUnavailable") from None


async def book(request: Request) -> Response:
    given = (await variables(request))["input"]
    manage = "m_" + secrets.token_urlsafe(32)
    db = database(request)
    for remaining in range(TRANSACTION_ATTEMPTS - 1, -1, -1):
        try:
            return json_response("bookMeeting", await _book_once(db, given, manage))
        except Refused as refusal:
            return json_response("bookMeeting", {"__typename": refusal.typename})
        except asyncpg.exceptions.TransactionRollbackError:
            if not remaining:
                raise
    raise AssertionError("unreachable")


async def mint(request: Request) -> Response:
    given = (await variables(request))["input"]
    link_id = int(base64.b64decode(given["linkId"]).decode().split(":", 1)[1])
    token = secrets.token_urlsafe(32)
    async with database(request).session() as session:
        rows = await session.fetch(
            MINT,
            link_id,
            link_id,
            session.instant(datetime.now(UTC)),
            digest(token),
            token[:10],
            False,
            False,
        )
    return json_response(
        "createSingleUseLink",
        {
            "__typename": "SingleUseLinkCreated",
            "token": token,
            "url": f"{request.app.state.public_url}/l/{token}",
            "singleUseLink": {
                "id": global_id("SingleUseLink", rows[0][0]),
                "prefix": token[:10],
                "status": "ACTIVE",
            },
        },
    )


async def _organization(request: Request, session: Session) -> int | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    rows = await session.fetch(AUTH, digest(credentials.strip()))
    return int(rows[0][0]) if rows else None


def _iso(value: Any) -> str | None:
    return None if value is None else as_datetime(value).isoformat()


def _child_status(child: Row, link: Row, now: datetime) -> str:
    _, _, _, uses, max_uses, expires_at, revoked_at = child
    if revoked_at is not None:
        return "REVOKED"
    if uses >= max_uses:
        return "USED"
    if not link[4] or link[5] is not None:
        return "DISABLED"
    expiries = [as_datetime(m) for m in (expires_at, link[3]) if m is not None]
    if expiries and min(expiries) <= now:
        return "EXPIRED"
    return "ACTIVE"


def _child(child: Row, link: Row, now: datetime) -> dict[str, Any]:
    expiries = [as_datetime(m) for m in (child[5], link[3]) if m is not None]
    return {
        "node": {
            "id": global_id("SingleUseLink", child[0]),
            "prefix": child[2],
            "status": _child_status(child, link, now),
            "uses": child[3],
            "maxUses": child[4],
            "effectiveExpiresAt": min(expiries).isoformat() if expiries else None,
        }
    }


async def links(request: Request) -> Response:
    first = int((await variables(request)).get("first") or 20)
    now = datetime.now(UTC)
    async with database(request).session() as session:
        organization_id = await _organization(request, session)
        if organization_id is None:
            return Response(b'{"error":"invalid_api_key"}', status_code=401)
        total = (await session.fetch(LINKS_COUNT, organization_id))[0][0]
        rows = await session.fetch(LINKS_PAGE, organization_id, first + 1)
        page = rows[:first]
        ids = session.ids([row[0] for row in page])
        hosts: dict[int, list[dict[str, str]]] = defaultdict(list)
        for link_id, email in await session.fetch(LINK_HOSTS, ids):
            hosts[link_id].append({"email": email})
        children: dict[int, list[Row]] = defaultdict(list)
        for child in await session.fetch(CHILDREN, ids):
            children[child[1]].append(child)
    edges = [
        {
            "cursor": cursor(f"cursor:{row[0]}"),
            "node": {
                "id": global_id("Link", row[0]),
                "name": row[1],
                "slug": row[2],
                "owner": {"email": row[6]},
                "hosts": hosts[row[0]],
                "meetingType": {"name": row[7], "durationMinutes": row[8]},
                "singleUseLinks": {
                    "totalCount": len(children[row[0]]),
                    "edges": [_child(c, row, now) for c in children[row[0]][:CHILDREN_PAGE]],
                },
            },
        }
        for row in page
    ]
    return json_response(
        "links",
        {
            "totalCount": total,
            "pageInfo": {
                "hasNextPage": len(rows) > first,
                "endCursor": edges[-1]["cursor"] if edges else None,
            },
            "edges": edges,
        },
    )


async def meeting_logs(request: Request) -> Response:
    first = int((await variables(request)).get("first") or 20)
    async with database(request).session() as session:
        organization_id = await _organization(request, session)
        if organization_id is None:
            return Response(b'{"error":"invalid_api_key"}', status_code=401)
        total = (await session.fetch(LOGS_COUNT, organization_id))[0][0]
        rows = await session.fetch(LOGS_PAGE, organization_id, first + 1)
        page = rows[:first]
        hosts: dict[int, list[dict[str, str]]] = defaultdict(list)
        for booking_id, name in await session.fetch(
            BOOKING_HOSTS, session.ids([row[0] for row in page])
        ):
            hosts[booking_id].append({"name": name})
    edges = []
    for row in page:
        start_at = as_datetime(row[2]).isoformat()
        edges.append(
            {
                "cursor": cursor(f"log:{start_at}|{row[0]}"),
                "node": {
                    "id": global_id("Booking", row[0]),
                    "status": row[1],
                    "startAt": start_at,
                    "endAt": _iso(row[3]),
                    "linkType": "SINGLE_USE" if row[4] else "STANDARD",
                    "invitee": {"name": row[5], "email": row[6], "timeZone": row[7]},
                    "link": {"name": row[8]},
                    "hosts": hosts[row[0]],
                },
            }
        )
    return json_response(
        "meetingLogs",
        {
            "totalCount": total,
            "pageInfo": {
                "hasNextPage": len(rows) > first,
                "endCursor": edges[-1]["cursor"] if edges else None,
            },
            "edges": edges,
        },
    )


async def typename(request: Request) -> Response:
    await request.body()
    return Response(b'{"data":{"__typename":"Query"}}', media_type="application/json")


async def readyz(request: Request) -> Response:
    async with database(request).session() as session:
        await session.fetch("SELECT 1")
    return Response(b'{"status":"ok"}', media_type="application/json")


def create_app() -> Starlette:
    url = os.environ["DATABASE_URL"]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.database = await open_database(url)
        app.state.public_url = os.environ.get("SLOTLINK_PUBLIC_URL", "http://127.0.0.1:8000")
        try:
            yield
        finally:
            await app.state.database.close()

    return Starlette(
        routes=[
            Route("/book", book, methods=["POST"]),
            Route("/mint", mint, methods=["POST"]),
            Route("/links", links, methods=["POST"]),
            Route("/logs", meeting_logs, methods=["POST"]),
            Route("/typename", typename, methods=["POST"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
