"""What keeps subscriptions bounded: wrong keys, document limits, subscriptions per
connection, consumers that do not read, keys revoked while connected."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

import httpx
import orjson
import pytest
from starlette.websockets import WebSocketState
from websockets.exceptions import ConnectionClosed

from models.accounts.sessions import end_session, open_session, session_hash
from models.db.tables import ApiKey
from models.live.changes import Change
from models.live.subscribers import Subscriber
from models.webhooks.events import EventType, OutboxEvent
from tests.support.databases import Backend
from tests.support.factories import Tenant, create_tenant
from tests.support.live_server import live_server
from tests.support.live_subscriptions import (
    connection,
    message_for,
    next_message,
    nothing_within,
    subscribe,
)
from transport import live_connections
from transport.live_connections import Credential
from transport.sessions import COOKIE

pytestmark = pytest.mark.slow

MEETINGS = "subscription { meetingLogChanged { kind } }"


@pytest.fixture
def server(db: Backend) -> Iterator[str]:
    limits = {"SLOTLINK_MAX_SUBSCRIPTIONS_PER_CONNECTION": "2"}
    with live_server(db.url, workers=1, environment=limits) as base:
        yield base


@pytest.fixture
async def tenant(db: Backend) -> Tenant:
    return await create_tenant()


async def test_a_wrong_key_closes_the_connection_with_4403(server: str) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        async with connection(server, "sl_not-a-key"):
            pass

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


TOO_DEEP = """subscription { meetingLogChanged { booking { link { singleUseLinks { edges {
  node { parent { singleUseLinks { edges { node { label } } } } } } } } } } }"""
TOO_MANY_ALIASES = (
    "subscription { " + " ".join(f"a{n}: meetingLogChanged {{ kind }}" for n in range(20)) + " }"
)


@pytest.mark.parametrize("document", [TOO_DEEP, TOO_MANY_ALIASES], ids=["depth", "aliases"])
async def test_a_document_past_the_limits_is_refused(
    server: str, tenant: Tenant, document: str
) -> None:
    async with connection(server, tenant.admin.key) as socket:
        await subscribe(socket, document)
        refused = await next_message(socket)

    assert refused["type"] == "error", refused
    codes = [error.get("extensions", {}).get("code") for error in refused["payload"]]
    assert "DOCUMENT_TOO_COMPLEX" in codes, refused


async def test_subscriptions_per_connection_are_limited(server: str, tenant: Tenant) -> None:
    async with connection(server, tenant.admin.key) as socket:
        await subscribe(socket, MEETINGS, id="1")
        await subscribe(socket, MEETINGS, id="2")
        await subscribe(socket, MEETINGS, id="3")
        refused = await next_message(socket)

    assert refused == {
        "id": "3",
        "type": "error",
        "payload": [{"message": "Subscription limit reached"}],
    }


def _change(event_id: int) -> Change:
    event = OutboxEvent(
        id=event_id,
        type=EventType.BOOKING_CREATED,
        organization_id=1,
        link_id=1,
        occurred_at=None,  # type: ignore[arg-type]
        data={},
    )
    return Change(event, None, frozenset(), None, frozenset(), None)


async def test_a_subscriber_that_does_not_read_is_let_go_not_buffered() -> None:
    ended: list[str] = []

    async def overflow() -> None:
        ended.append("closed")

    subscriber = Subscriber(lambda _: True, capacity=3, on_overflow=overflow)
    for event_id in range(10):
        subscriber.offer(_change(event_id))
    await asyncio.sleep(0)

    assert subscriber.queue.qsize() == 3
    assert ended == ["closed"]
    assert subscriber.overflowed


@dataclass(eq=False)
class _Socket:
    application_state: WebSocketState = WebSocketState.CONNECTED
    closes: list[tuple[int, str]] = field(default_factory=list)

    async def close(self, code: int, reason: str) -> None:
        self.closes.append((code, reason))
        self.application_state = WebSocketState.DISCONNECTED


async def test_a_revoked_keys_connections_are_closed(tenant: Tenant) -> None:
    socket, bystander = _Socket(), _Socket()
    watch = live_connections.RevocationWatch(every_seconds=0.05)
    watch.watch(socket, Credential(tenant.admin.api_key_id))  # type: ignore[arg-type]
    watch.watch(bystander, Credential(tenant.member.api_key_id))  # type: ignore[arg-type]
    await asyncio.sleep(0.2)
    still_open = list(socket.closes)
    await ApiKey.filter(id=tenant.admin.api_key_id).update(revoked_at=datetime.now(UTC))
    await asyncio.sleep(0.3)

    assert still_open == []
    assert socket.closes == [(4403, "The API key was revoked.")]
    assert bystander.closes == []


ADHOC_SLOTS = """subscription Adhoc($key: String!, $from: DateTime!, $to: DateTime!) {
  slotsChanged(key: $key, from: $from, to: $to) { __typename }
}"""
TRUSTED_SLOTS = """subscription Slots($key: String!, $from: DateTime!, $to: DateTime!) {
  slotsChanged(key: $key, from: $from, to: $to) { __typename }
}"""

TRUSTED_HASH = sha256(TRUSTED_SLOTS.encode()).hexdigest()


@pytest.fixture
def trusted_server(db: Backend, tmp_path: Path) -> Iterator[str]:
    manifest = tmp_path / "persisted-documents.json"
    documents = {TRUSTED_HASH: TRUSTED_SLOTS}
    manifest.write_bytes(orjson.dumps(documents))
    with live_server(
        db.url, workers=1, environment={"SLOTLINK_TRUSTED_DOCUMENTS": str(manifest)}
    ) as base:
        yield base


async def test_where_only_trusted_documents_run_so_do_subscriptions(
    trusted_server: str, tenant: Tenant
) -> None:
    variables = {"key": "acme/none", "from": "2030-01-07T00:00:00Z", "to": "2030-01-08T00:00Z"}
    async with (
        connection(trusted_server, None) as anonymous,
        connection(trusted_server, tenant.member.key) as member,
        connection(trusted_server, tenant.admin.key) as admin,
    ):
        await subscribe(anonymous, TRUSTED_SLOTS, variables)
        trusted = await next_message(anonymous)
        await subscribe(anonymous, MEETINGS, id="2")
        untrusted = await message_for(anonymous, "2")
        by_hash = {"persistedQuery": {"version": 1, "sha256Hash": TRUSTED_HASH}}
        await subscribe(anonymous, "", variables, id="3", extensions=by_hash)
        trusted_by_hash = await message_for(anonymous, "3")
        await subscribe(member, MEETINGS)
        member_refused = await next_message(member)
        await subscribe(admin, ADHOC_SLOTS, variables)
        admin_answer = await next_message(admin)

    assert trusted["payload"]["data"]["slotsChanged"] == {"__typename": "LinkUnavailable"}
    assert trusted_by_hash["payload"]["data"]["slotsChanged"] == {"__typename": "LinkUnavailable"}
    for refused in (untrusted, member_refused):
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    assert admin_answer["payload"]["data"]["slotsChanged"] == {"__typename": "LinkUnavailable"}


async def test_the_consoles_session_signs_a_websocket_in(server: str, tenant: Tenant) -> None:
    async with httpx.AsyncClient(base_url=server, headers={"Origin": server}) as browser:
        await browser.post("/session", json={"apiKey": tenant.member.key})
        token = browser.cookies[COOKIE]
        with_cookie = {"Cookie": f"{COOKIE}={token}", "Origin": server}

        async with (
            connection(server, None, headers=with_cookie) as signed_in,
            connection(server, None, headers={"Origin": server}) as anonymous,
        ):
            await subscribe(signed_in, MEETINGS)
            await subscribe(anonymous, MEETINGS)
            refused = await next_message(anonymous)
            quiet = await nothing_within(signed_in, 1)
        await browser.delete("/session")
    with pytest.raises(ConnectionClosed) as closed:
        async with connection(server, None, headers=with_cookie):
            pass

    assert "Authentication required" in str(refused)
    assert quiet  # no refusal: the member is signed in
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_a_signed_out_sessions_connections_are_closed(tenant: Tenant) -> None:
    opened = await open_session(tenant.member.key)
    assert opened is not None
    token = opened[1]
    socket = _Socket()
    watch = live_connections.RevocationWatch(every_seconds=0.05)
    watch.watch(socket, Credential(tenant.member.api_key_id, session_hash(token)))  # type: ignore[arg-type]
    await asyncio.sleep(0.2)
    still_open = list(socket.closes)
    await end_session(token)
    await asyncio.sleep(0.3)

    assert still_open == []
    assert socket.closes == [(4403, "The session has ended.")]
