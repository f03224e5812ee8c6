"""Schema-driven fuzzing of the real app: a seeded organization, scalar strategies that often
hit its objects, documents drawn by hypothesis-graphql, and the checks every response must pass.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import graphql
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema
from strawberry.relay import to_base64

from models.booking.availability_settings import TimeRange, add_date_override
from models.booking.bookings import Actor, cancel_booking, reschedule_booking
from models.db.tables import (
    ApiKey,
    Booking,
    DateOverride,
    Link,
    RefusedAttempt,
    Role,
    SingleUseLink,
    User,
)
from models.errors import LinkUnavailableError
from models.links.links import set_archived
from models.links.single_use_links import MintOptions, revoke_single_use_link
from tests.support.booking_factories import at, book, create_booking_team, upcoming_monday
from tests.support.factories import Account
from tests.support.link_factories import Team, make_link, mint_one, viewer_of

ROLES = ("anonymous", "member", "admin")
# Written into a response only by a bug: a stack trace, a driver's name, or SQL.
LEAK_MARKERS = ("Traceback", "sqlite3", "asyncpg", "SELECT ", "INSERT ")
UNEXPECTED = "Unexpected error."
MAX_HARVEST = 300
CAPTURED_LOGGERS = ("slotlink", "strawberry", "tortoise", "uvicorn.error")


@dataclass
class FuzzWorld:
    """The seeded data: who calls, which values name real objects, which secrets must stay put."""

    team: Team
    rival: Team
    keys: dict[str, str | None]
    protected_key_ids: list[int]
    ids: list[str]
    strings: list[str]
    secrets: dict[str, str]
    harvested: list[str] = field(default_factory=list)
    # Secrets some document has carried: mutations may store them, so they may come back.
    sent: set[str] = field(default_factory=set)

    def note_sent(self, document: str) -> None:
        self.sent.update(secret for secret in self.secrets.values() if secret in document)

    def harvest(self, body: object) -> None:
        """IDs, tokens and cursors that responses show, so later documents can use them."""
        for name, value in _walk(body):
            if (
                name in {"id", "token", "manageToken", "endCursor", "cursor", "slug"}
                and isinstance(value, str)
                and value not in self.harvested
                and len(self.harvested) < MAX_HARVEST
            ):
                self.harvested.append(value)

    def pick_harvested(self, index: int) -> str:
        if not self.harvested:
            return self.ids[index % len(self.ids)]
        return self.harvested[index % len(self.harvested)]

    async def restore_callers(self) -> None:
        """A generated mutation may revoke a caller's own key or demote the admin; the next
        document must still run as the role it is meant for."""
        await ApiKey.filter(id__in=self.protected_key_ids).update(revoked_at=None)
        await User.filter(id=self.team.admin.user_id).update(role=Role.ADMIN)
        await User.filter(id=self.team.owner.user_id).update(role=Role.MEMBER)


def _walk(node: object) -> Iterator[tuple[str, object]]:
    if isinstance(node, Mapping):
        for name, value in node.items():
            yield str(name), value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _account_secrets(prefix: str, accounts: Sequence[Account]) -> dict[str, str]:
    return {f"{prefix} api key of {a.email}": a.key for a in accounts}


async def seed_world() -> FuzzWorld:
    """Acme (the callers' organization) with links, single-use links in every status,
    bookings, a date override and a refused attempt; Globex, a rival organization whose IDs
    and tokens must behave like unknown ones."""
    team = await create_booking_team()
    rival = await create_booking_team("Globex", domain="globex.test")
    monday = upcoming_monday()
    secrets: dict[str, str] = {}
    for prefix, t in (("acme", team), ("globex", rival)):
        secrets |= _account_secrets(prefix, [t.admin, t.owner, t.host, t.other])

    managed = await make_link(
        team.admin, team.meeting_type, name="Managed demo", owner_id=team.owner.user_id
    )
    expiring = await make_link(
        team.owner,
        team.meeting_type,
        name="Expiring offer",
        expires_at=datetime.now(UTC) + timedelta(days=20),
    )
    archived = await make_link(team.owner, team.meeting_type, name="Old campaign")

    active = await mint_one(team.owner, team.link, MintOptions(label="active"))
    locked = await mint_one(
        team.owner,
        team.link,
        MintOptions(
            label="locked",
            invitee_name="Lou Locked",
            invitee_email="lou@prospect.example",
            lock_to_invitee=True,
            metadata={"crm": "0061x"},
        ),
    )
    multi = await mint_one(team.owner, team.link, MintOptions(label="multi", max_uses=3))
    used = await mint_one(team.owner, team.link, MintOptions(label="used"))
    revoked = await mint_one(team.owner, team.link, MintOptions(label="revoked"))
    from_managed = await mint_one(team.owner, managed, MintOptions(label="managed child"))
    from_archived = await mint_one(team.owner, archived, MintOptions(label="archived child"))
    short = await mint_one(
        team.admin,
        expiring,
        MintOptions(label="short", expires_at=datetime.now(UTC) + timedelta(days=2)),
    )
    rival_child = await mint_one(rival.owner, rival.link, MintOptions(label="rival"))
    # Never put into a document: these may show up in no response at all.
    withheld_child = await mint_one(team.owner, team.link, MintOptions(label="withheld"))

    owner_viewer = await viewer_of(team.owner)
    await revoke_single_use_link(owner_viewer, revoked.single_use_link.id)
    standard = await book("acme/discovery-call", at(monday, "09:00"))
    through_used = await book(
        used.token, at(monday, "10:00"), idempotency_key="fuzz-retry-0a1b2c3d"
    )
    through_multi = await book(multi.token, at(monday, "11:00"))
    moved = await book("acme/discovery-call", at(monday + timedelta(days=1), "09:00"))
    await reschedule_booking(
        moved.booking, at(monday + timedelta(days=1), "10:30"), Actor.user(team.owner.user_id)
    )
    cancelled = await book("acme/discovery-call", at(monday + timedelta(days=2), "09:00"))
    await cancel_booking(cancelled.booking, Actor.invitee(), reason="changed my mind")
    rival_booking = await book("globex/discovery-call", at(monday, "09:00"))
    withheld_booking = await book(withheld_child.token, at(monday + timedelta(days=3), "09:00"))
    secrets["withheld single-use token"] = withheld_child.token
    secrets["withheld manage token"] = withheld_booking.manage_token
    await set_archived(owner_viewer, archived.id, archived=True)
    # Refused, and so recorded as a refused attempt.
    with suppress(LinkUnavailableError):
        await book(used.token, at(monday, "11:30"), email="again@prospect.example")
    max_user = await User.get(id=team.owner.user_id)
    await add_date_override(
        max_user,
        monday + timedelta(days=7),
        [TimeRange(at(monday, "13:00").time(), at(monday, "15:00").time())],
    )

    minted = {
        "active": active,
        "locked": locked,
        "multi": multi,
        "used": used,
        "revoked": revoked,
        "managed child": from_managed,
        "archived child": from_archived,
        "short": short,
        "rival": rival_child,
    }
    for label, m in minted.items():
        secrets[f"single-use token {label}"] = m.token
    booked = {
        "standard": standard,
        "through used": through_used,
        "through multi": through_multi,
        "moved": moved,
        "cancelled": cancelled,
        "rival": rival_booking,
    }
    for label, b in booked.items():
        secrets[f"manage token {label}"] = b.manage_token

    ids = await _global_ids(team, rival)
    ids += [
        to_base64("Link", 999_999),
        to_base64("Link", 2**31),
        to_base64("Link", -1),
        to_base64("Link", "١٢"),
        to_base64("Link", "1 OR 1=1"),
        to_base64("Nope", 1),
        to_base64("Query", 1),
        to_base64("PublicLink", 1),
        "TGluazox",  # "Link:1" without padding
        "not-base64!",
        "",
        "1",
    ]
    strings = [
        "acme/discovery-call",
        "acme/managed-demo",
        "acme/expiring-offer",
        "acme/old-campaign",
        "globex/discovery-call",
        "acme/",
        "/",
        *(m.token for m in minted.values()),
        *(b.manage_token for b in booked.values()),
        "m_" + "A" * 43,
        "A" * 43,
        "sl_" + "A" * 43,
        "x" * 201,
        "jane@prospect.example",
        "lou@prospect.example",
        "max@acme.test",
        "not-an-email",
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Kiritimati",
        "Mars/Olympus_Mons",
        "09:00",
        "12:00",
        "24:00",
        "23:59",
        "9:00",
        "12:60",
        "00:00:30",
        "discovery-call",
        "Fuzzed link",
        " ",
        "\u0000",
        "Robert'); DROP TABLE links;--",
        "%_\\",
        "\U0001f4c5 meeting",
        "a" * 5001,
    ]
    keys: dict[str, str | None] = {
        "anonymous": None,
        "member": team.owner.key,
        "admin": team.admin.key,
    }
    return FuzzWorld(
        team=team,
        rival=rival,
        keys=keys,
        protected_key_ids=[team.owner.api_key_id, team.admin.api_key_id],
        ids=ids,
        strings=strings,
        secrets=secrets,
    )


async def _global_ids(team: Team, rival: Team) -> list[str]:
    ids: list[str] = []
    for t in (team, rival):
        ids.append(to_base64("Organization", t.tenant.organization_id))
        for account in (t.admin, t.owner, t.host, t.other):
            ids += [account.global_id, account.api_key_global_id]
        ids.append(to_base64("MeetingType", t.meeting_type.id))
    ids += [to_base64("Link", pk) for pk in await Link.all().values_list("id", flat=True)]
    ids += [
        to_base64("SingleUseLink", pk)
        for pk in await SingleUseLink.all().values_list("id", flat=True)
    ]
    ids += [to_base64("Booking", pk) for pk in await Booking.all().values_list("id", flat=True)]
    ids += [
        to_base64("RefusedAttempt", pk)
        for pk in await RefusedAttempt.all().values_list("id", flat=True)
    ]
    ids += [
        to_base64("DateOverride", pk)
        for pk in await DateOverride.all().values_list("id", flat=True)
    ]
    return ids


# --- scalar strategies -------------------------------------------------------------------

ZONES = [
    UTC,
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(minutes=330)),
]


def _string_node(value: str) -> graphql.StringValueNode:
    return graphql.StringValueNode(value=value)


def _datetimes() -> st.SearchStrategy[str]:
    """Mostly instants a booking could use (upcoming weekday mornings on the half hour),
    then anything Python can print, then edge cases and junk."""
    monday = upcoming_monday()
    bookable = st.builds(
        lambda day, slot: at(monday + timedelta(days=day), "09:00") + timedelta(minutes=30 * slot),
        st.integers(0, 11),
        st.integers(0, 5),
    ).map(lambda moment: moment.isoformat())
    anything = st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(ZONES),
    ).map(lambda moment: moment.isoformat())
    edges = st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59-01:00",
            "2030-01-07T14:00:00",
            "2030-01-07T14:00:30Z",
            "2030-01-07T14:00:00.000001Z",
            "2030-01-07",
            "tomorrow",
            "",
        ]
    )
    # Junk makes the whole document invalid: a little of it goes a long way.
    return st.one_of(bookable, bookable, anything, edges)


def _dates() -> st.SearchStrategy[str]:
    monday = upcoming_monday()
    soon = st.integers(-3, 30).map(lambda d: (monday + timedelta(days=d)).isoformat())
    anything = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(
        lambda d: d.isoformat()
    )
    return st.one_of(soon, anything, st.sampled_from(["2030-02-30", "20300101", "", "x"]))


def _json_nodes() -> st.SearchStrategy[graphql.ValueNode]:
    leaves: st.SearchStrategy[graphql.ValueNode] = st.one_of(
        st.text(max_size=30).map(_string_node),
        st.one_of(
            st.integers(-1000, 1000),
            st.sampled_from([2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30]),
        ).map(lambda n: graphql.IntValueNode(value=str(n))),
        st.floats(allow_nan=False, allow_infinity=False).map(
            lambda x: graphql.FloatValueNode(value=repr(x))
        ),
        st.booleans().map(lambda b: graphql.BooleanValueNode(value=b)),
        st.just(graphql.NullValueNode()),
    )

    def nest(
        children: st.SearchStrategy[graphql.ValueNode],
    ) -> st.SearchStrategy[graphql.ValueNode]:
        lists = st.lists(children, max_size=4).map(
            lambda items: graphql.ListValueNode(values=tuple(items))
        )
        return st.one_of(lists, _json_objects(children))

    # Metadata must be an object: most values are one, of any nesting.
    values = st.recursive(leaves, nest, max_leaves=12)
    return st.one_of(_json_objects(leaves), _json_objects(values), values)


def _json_objects(
    children: st.SearchStrategy[graphql.ValueNode],
) -> st.SearchStrategy[graphql.ValueNode]:
    keys = st.one_of(
        st.sampled_from(["crm", "source", "a" * 101]),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
    )
    return st.dictionaries(keys, children, max_size=5).map(
        lambda mapping: graphql.ObjectValueNode(
            fields=tuple(
                graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v)
                for k, v in mapping.items()
            )
        )
    )


def custom_scalars(world: FuzzWorld) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    # U+0000 refuses a whole request, so it comes only from the pool of strings, rarely.
    text = st.text(
        alphabet=st.characters(
            codec="utf-8", min_codepoint=1, max_codepoint=0xFFFF, exclude_categories=["Cs"]
        ),
        max_size=60,
    )
    harvested = st.integers(0, 10_000).map(world.pick_harvested)
    known_ids = st.sampled_from(world.ids)
    return {
        "ID": st.one_of(known_ids, known_ids, known_ids, harvested, text).map(_string_node),
        "String": st.one_of(st.sampled_from(world.strings), harvested, text).map(_string_node),
        "Int": st.one_of(
            st.integers(-2, 70),
            st.sampled_from([0, 1, 100, 101, 240, 500, 501, 720, 1000, 1001, 2**31 - 1, -(2**31)]),
        ).map(lambda n: graphql.IntValueNode(value=str(n))),
        "DateTime": _datetimes().map(_string_node),
        "Date": _dates().map(_string_node),
        "JSON": _json_nodes(),
    }


def draw_documents(schema_sdl: str, world: FuzzWorld, *, count: int, batch_seed: int) -> list[str]:
    """``count`` queries and mutations, the same ones for the same seed and world shape."""
    strategy = from_schema(schema_sdl, custom_scalars=custom_scalars(world))
    documents: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(batch_seed)
    @given(strategy)
    def collect(document: str) -> None:
        documents.append(document)

    collect()
    return documents


# --- checking responses ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Failure:
    role: str
    document: str
    status: int
    body: str
    problems: list[str]
    log: str

    def describe(self) -> str:
        return (
            f"--- role {self.role}: {'; '.join(self.problems)}\n"
            f"document:\n{self.document}\n"
            f"status {self.status}, body: {self.body[:2000]}\n"
            f"server log:\n{self.log or '(nothing)'}"
        )


def response_problems(status: int, body: str, document: str, world: FuzzWorld) -> list[str]:
    """What is wrong with one response. Text that this or an earlier document carried may come
    back (a generated mutation may have stored it); secrets that no document carried never."""
    problems: list[str] = []
    if status >= 500:
        problems.append(f"HTTP {status}")
    if status in {401, 403, 429}:
        problems.append(f"HTTP {status}: the fuzz callers must never be locked out")
    for marker in LEAK_MARKERS:
        if marker in body and marker not in document:
            problems.append(f"the body contains {marker!r}")
    world.note_sent(document)
    for label, secret in world.secrets.items():
        if secret in body and secret not in world.sent:
            problems.append(f"the body contains the {label}")
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        problems.append("the body is not JSON")
        return problems
    for error in (parsed.get("errors") or []) if isinstance(parsed, dict) else []:
        extensions = error.get("extensions") or {}
        if error.get("message") == UNEXPECTED or extensions.get("code") == "UNEXPECTED":
            problems.append(f"unexpected error at {error.get('path')}")
    return problems


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def server_log() -> Iterator[_Collector]:
    """Warnings and errors of the app's loggers, including the masker's tracebacks."""
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in CAPTURED_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger in loggers:
            logger.removeHandler(collector)


def signature(failure: Failure) -> str:
    """Failures with the same problems and the same last log line are one bug."""
    last = failure.log.strip().splitlines()[-1] if failure.log.strip() else ""
    return f"{failure.role}|{'|'.join(failure.problems)}|{last}"


def is_executed(body: str) -> bool:
    """The document passed validation and its resolvers ran: data is present, or an error
    names the field it came from (a refusal of an anonymous caller at a non-null root field
    leaves no data, but it was the resolver that refused)."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    if not isinstance(parsed, dict):
        return False
    if parsed.get("data") is not None:
        return True
    errors = parsed.get("errors") or []
    return any(isinstance(error, dict) and error.get("path") for error in errors)


def rejection(body: str) -> str | None:
    """Why a document did not run, without the values it quoted; None if it ran."""
    if is_executed(body):
        return None
    try:
        errors = json.loads(body).get("errors") or [{}]
    except (ValueError, AttributeError):
        return "not JSON"
    message = str(errors[0].get("message", "?"))
    return re.sub(r'"[^"]*"|\'[^\']*\'', "…", message)[:120]


def operation_kind(document: str) -> str:
    return "mutation" if document.lstrip().startswith("mutation") else "query"


def count_statuses(statuses: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return dict(sorted(counts.items()))


__all__ = [
    "ROLES",
    "Failure",
    "FuzzWorld",
    "count_statuses",
    "draw_documents",
    "is_executed",
    "operation_kind",
    "rejection",
    "response_problems",
    "seed_world",
    "server_log",
    "signature",
]
