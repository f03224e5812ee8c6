"""A hypothesis state machine drives the domain functions of ``models/`` (not GraphQL) at random
- mint, book, reschedule, cancel, revoke, archive and restore, deactivate, change a link's
expiry and hosts, change a meeting type, let time pass - and after every step compares the
database with ``tests.support.domain_model``: uses, bookings per single-use link, derived statuses,
host calendars without overlaps, and refusals that wrote nothing.

``SLOTLINK_MODEL_EXAMPLES`` and ``SLOTLINK_MODEL_STEPS`` make the run bigger (``make fuzz``).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections import Counter
from collections.abc import Awaitable
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from models.accounts.viewer import Viewer
from models.booking.bookings import (
    Actor,
    BookingRequest,
    InviteeDetails,
    book_meeting,
    cancel_booking,
    find_by_manage_token,
    reschedule_booking,
)
from models.db.tables import (
    Booking,
    BookingEvent,
    BookingHost,
    BookingStatus,
    IdempotencyRecord,
    Link,
    Organization,
    RefusedAttempt,
    SingleUseLink,
    User,
)
from models.errors import DomainError, LinkUnavailableError
from models.links.links import LinkFields, set_archived, update_link
from models.links.meeting_types import MeetingTypeFields, update_meeting_type
from models.links.public_links import resolve_key
from models.links.single_use_links import MintOptions, mint_single_use_links, revoke_single_use_link
from tests.support.booking_factories import SERVER_SECRET, set_hours
from tests.support.databases import Backend
from tests.support.domain_model import (
    ACTIVE,
    GRID,
    NOTICE,
    BookingState,
    ChildState,
    LinkState,
    MeetingTypeState,
    Slot,
    World,
)
from tests.support.factories import add_account, create_tenant, open_database
from tests.support.link_factories import make_link, make_meeting_type, viewer_of

T = TypeVar("T")
EVERY_DAY_AT_WORK = [(weekday, "08:00", "18:00") for weekday in range(1, 8)]
INVITEES = ("ivy@prospect.example", "lou@prospect.example")
LOCKED_INVITEE = INVITEES[1]
IDEMPOTENCY_KEYS = (None, None, None, "retry-0f1e2d3c4b5a", "retry-a5b4c3d2e1f0")
HOURS_AHEAD = (1, 4, 24, 72)
MODEL_SETTINGS = settings(
    max_examples=int(os.environ.get("SLOTLINK_MODEL_EXAMPLES", "20")),
    stateful_step_count=int(os.environ.get("SLOTLINK_MODEL_STEPS", "25")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
EXPLORED = {
    "book: booked",
    "book: SlotUnavailable",
    "book: LinkUnavailable:USED",
    "revoke: InvalidInput",
    "reschedule: rescheduled",
    "cancel: cancelled",
}

# Few days and mostly morning slots, so that meetings often meet or overlap; 17:30 tries the
# end of the working day.
days = st.integers(0, 2)
grid_points = st.integers(0, 9) | st.just(19)
actors = st.sampled_from(["invitee", "user"])
hours_ahead = st.sampled_from(HOURS_AHEAD)


def outcome(error: DomainError) -> str:
    if isinstance(error, LinkUnavailableError):
        return f"LinkUnavailable:{error.reason}"
    return type(error).__name__.removesuffix("Error")


class DomainMachine(RuleBasedStateMachine):
    # Set by the test, per backend.
    runner: asyncio.Runner
    outcomes: Counter[str]

    children = Bundle("children")
    bookings = Bundle("bookings")

    def __init__(self) -> None:
        super().__init__()
        self.run(self._set_up())

    def observe(self, what: str) -> None:
        event(what)
        self.outcomes[what] += 1

    def attempt(self, awaitable: Awaitable[T]) -> tuple[str, T | None]:
        """``("ok", result)``, or the name of the domain error and None."""
        try:
            return "ok", self.run(awaitable)
        except DomainError as error:
            return outcome(error), None

    def run(self, awaitable: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await awaitable

        return self.runner.run(wrapped())

    async def _set_up(self) -> None:
        # Tomorrow 06:00 UTC: later than the real clock, which validates expiries, and the
        # same time of day on every run.
        start = datetime.combine(datetime.now(UTC).date() + timedelta(days=1), time(6), UTC)
        self.world = World(now=start)
        self.first_day = datetime.combine(start.date(), time(8), UTC)
        # A new organization per run (its slug gets a suffix): runs share nothing.
        tenant = await create_tenant("Model", domain="model.test")
        self.organization_id = tenant.organization_id
        hana = await add_account(tenant.organization_id, "hana@model.test", "Hana Host")
        olga = await add_account(tenant.organization_id, "olga@model.test", "Olga Other")
        self.user_ids = [tenant.member.user_id, hana.user_id, olga.user_id]
        for user_id in self.user_ids:
            await set_hours(user_id, EVERY_DAY_AT_WORK)
        self.owner: Viewer = await viewer_of(tenant.member)
        short = await make_meeting_type(tenant.organization_id, name="Short", duration_minutes=30)
        long = await make_meeting_type(tenant.organization_id, name="Long", duration_minutes=60)
        # Buffers from the start: they decide many clashes on a 30-minute grid.
        for meeting_type, before, after in ((short, 0, 15), (long, 15, 0)):
            await update_meeting_type(
                tenant.organization_id,
                meeting_type.id,
                MeetingTypeFields(buffer_before_minutes=before, buffer_after_minutes=after),
            )
            self.world.meeting_types[meeting_type.id] = MeetingTypeState(
                meeting_type.id,
                timedelta(minutes=meeting_type.duration_minutes),
                timedelta(minutes=before),
                timedelta(minutes=after),
            )
        org_slug = (await Organization.get(id=tenant.organization_id)).slug
        self.link_ids: list[int] = []
        for name, meeting_type, hosts in (
            ("Solo", short, self.user_ids[:1]),
            ("Pair", long, self.user_ids[:2]),
        ):
            link = await make_link(tenant.member, meeting_type, name=name, host_ids=hosts)
            await Link.filter(id=link.id).update(
                minimum_notice_minutes=NOTICE // timedelta(minutes=1),
                booking_horizon_days=60,
                slot_interval_minutes=GRID // timedelta(minutes=1),
            )
            self.link_ids.append(link.id)
            self.world.links[link.id] = LinkState(
                link.id, f"{org_slug}/{link.slug}", meeting_type.id, list(hosts)
            )

    def at(self, day: int, grid_point: int) -> datetime:
        return self.first_day + timedelta(days=day) + grid_point * GRID

    # --- minting and withdrawing --------------------------------------------------------

    @initialize(target=children)
    def mint_one_per_link(self) -> Any:
        """Every run starts with a single-use link on each parent to book through; the first
        expires in a day, so that it may be used or revoked before that."""
        return multiple(self.mint(0, 1, 24, False, False), self.mint(1, 1, None, False, False))

    @rule(
        target=children,
        link_index=st.sampled_from([0, 1]),
        max_uses=st.sampled_from([1, 1, 2, 3]),
        expires_in=st.none() | hours_ahead,
        personal=st.booleans(),
        locked=st.booleans(),
    )
    def mint(
        self, link_index: int, max_uses: int, expires_in: int | None, personal: bool, locked: bool
    ) -> Any:
        link = self.world.links[self.link_ids[link_index]]
        expires_at = None if expires_in is None else self.world.now + timedelta(hours=expires_in)
        locked = locked and personal
        refused = link.disabled or (
            expires_at is not None and link.expires_at is not None and expires_at > link.expires_at
        )
        options = MintOptions(
            label="model",
            expires_at=expires_at,
            max_uses=max_uses,
            invitee_name="Lou Locked" if personal else None,
            invitee_email=LOCKED_INVITEE if personal else None,
            lock_to_invitee=locked,
        )
        got, result = self.attempt(mint_single_use_links(self.owner, link.id, options))
        assert got == ("InvalidInput" if refused else "ok")
        if result is None:
            return multiple()
        minted = result[0]
        child = ChildState(
            id=minted.single_use_link.id,
            token=minted.token,
            link_id=link.id,
            max_uses=max_uses,
            expires_at=expires_at,
            invitee_email=LOCKED_INVITEE if personal else None,
            locked=locked,
        )
        self.world.children[child.id] = child
        return child.id

    @rule(child_id=children)
    def revoke(self, child_id: int) -> None:
        child = self.world.children[child_id]
        expected = "InvalidInput" if not child.revoked and child.uses >= child.max_uses else "ok"
        self.observe(f"revoke: {expected}")
        got, _ = self.attempt(revoke_single_use_link(self.owner, child_id))
        assert got == expected
        if got == "ok":
            child.revoked = True

    # --- booking -------------------------------------------------------------------------

    @rule(
        target=bookings,
        child_id=children,
        day=days,
        grid_point=grid_points,
        email=st.sampled_from(INVITEES),
        idempotency_key=st.sampled_from(IDEMPOTENCY_KEYS),
    )
    def book_through_single_use_link(
        self, child_id: int, day: int, grid_point: int, email: str, idempotency_key: str | None
    ) -> Any:
        child = self.world.children[child_id]
        return self._book(child.token, child, self.at(day, grid_point), email, idempotency_key)

    @rule(
        target=bookings,
        link_index=st.sampled_from([0, 1]),
        day=days,
        grid_point=grid_points,
        email=st.sampled_from(INVITEES),
        idempotency_key=st.sampled_from(IDEMPOTENCY_KEYS),
    )
    def book_through_standard_link(
        self, link_index: int, day: int, grid_point: int, email: str, idempotency_key: str | None
    ) -> Any:
        link = self.world.links[self.link_ids[link_index]]
        return self._book(link.key, None, self.at(day, grid_point), email, idempotency_key)

    @rule(target=bookings, booking_id=bookings)
    def send_again(self, booking_id: int) -> Any:
        """The same request as an earlier booking: a replay with its idempotency key, else a
        second booking that the link's uses and the hosts' calendars must allow."""
        booking = self.world.bookings[booking_id]
        key, start, email, idempotency_key = booking.request
        child = None if booking.child_id is None else self.world.children[booking.child_id]
        return self._book(key, child, start, email, idempotency_key)

    def _predict_booking(
        self, key: str, child: ChildState | None, start: datetime, email: str, idem: str | None
    ) -> tuple[str, Slot | None]:
        world = self.world
        if idem is not None and (key, idem) in world.idempotency:
            fingerprint, _ = world.idempotency[(key, idem)]
            return ("replayed" if fingerprint == (start, email) else "InvalidInput"), None
        if child is not None:
            link = world.links[child.link_id]
            status = world.child_status(child)
        else:
            link = next(x for x in world.links.values() if x.key == key)
            status = world.link_status(link)
        if status != ACTIVE:
            return f"LinkUnavailable:{status}", None
        if child is not None and child.locked and email != child.invitee_email:
            return "InviteeNotAllowed", None
        meeting_type = world.meeting_types[link.meeting_type_id]
        slot = Slot(
            start,
            start + meeting_type.duration,
            meeting_type.buffer_before,
            meeting_type.buffer_after,
            list(link.host_ids),
        )
        if not world.slot_is_free(slot, earliest=world.now + NOTICE):
            return "SlotUnavailable", None
        return "booked", slot

    def _book(
        self,
        key: str,
        child: ChildState | None,
        start: datetime,
        email: str,
        idempotency_key: str | None,
    ) -> Any:
        world = self.world
        expected, slot = self._predict_booking(key, child, start, email, idempotency_key)
        self.observe(f"book: {expected}")
        self.observe(f"book {'single-use' if child else 'standard'}: {expected}")
        before = self.run(self._snapshot())
        request = BookingRequest(
            key=key,
            start=start,
            invitee=InviteeDetails(name="Ivy Invitee", email=email, time_zone="UTC"),
            idempotency_key=idempotency_key,
        )
        got, booked = self.attempt(
            book_meeting(request, server_secret=SERVER_SECRET, now=world.now)
        )
        if booked is None:
            assert got == expected
            assert self.run(self._snapshot()) == before, "a refused booking wrote something"
            # A spent, expired, revoked or disabled link, and another email on a locked one,
            # are the refused attempts the owner sees.
            if child is not None and (
                expected.startswith("LinkUnavailable:") or expected == "InviteeNotAllowed"
            ):
                child.refused += 1
            return multiple()
        assert expected in {"booked", "replayed"}, f"booked, but the model expected {expected}"
        assert booked.replayed == (expected == "replayed")
        if booked.replayed:
            assert idempotency_key is not None
            assert booked.booking.id == world.idempotency[(key, idempotency_key)][1]
            assert self.run(self._snapshot()) == before, "a replay wrote something"
            return multiple()
        assert slot is not None
        link_id = child.link_id if child is not None else booked.booking.link_id
        booking = BookingState(
            id=booked.booking.id,
            link_id=link_id,
            child_id=child.id if child is not None else None,
            start=slot.start,
            end=slot.end,
            host_ids=list(dict.fromkeys(slot.host_ids)),
            buffer_before=slot.buffer_before,
            buffer_after=slot.buffer_after,
            manage_token=booked.manage_token,
            request=(key, start, email, idempotency_key),
        )
        world.bookings[booking.id] = booking
        if child is not None:
            child.uses += 1
        if idempotency_key is not None:
            world.idempotency[(key, idempotency_key)] = ((start, email), booking.id)
        return booking.id

    @rule(booking_id=bookings, day=days, grid_point=grid_points, actor=actors)
    def reschedule(self, booking_id: int, day: int, grid_point: int, actor: str) -> None:
        world = self.world
        booking = world.bookings[booking_id]
        link = world.links[booking.link_id]
        meeting_type = world.meeting_types[link.meeting_type_id]
        start = self.at(day, grid_point)
        slot = Slot(
            start,
            start + (booking.end - booking.start),
            meeting_type.buffer_before,
            meeting_type.buffer_after,
            booking.host_ids,
        )
        earliest = world.now + NOTICE if actor == "invitee" else world.now
        if not booking.confirmed:
            expected = "ChangeNotAllowed"
        elif link.disabled:
            expected = "LinkUnavailable:DISABLED"
        elif actor == "invitee" and booking.start < world.now + NOTICE:
            expected = "ChangeNotAllowed"
        elif not world.slot_is_free(slot, earliest=earliest, ignore_booking_id=booking.id):
            expected = "SlotUnavailable"
        else:
            expected = "rescheduled"
        self.observe(f"reschedule: {expected}")
        before = self.run(self._snapshot())
        got, _ = self.attempt(self._reschedule(booking, start, actor))
        assert got == ("ok" if expected == "rescheduled" else expected)
        if got != "ok":
            assert self.run(self._snapshot()) == before, "a refused reschedule wrote something"
            return
        booking.start, booking.end = slot.start, slot.end
        booking.buffer_before, booking.buffer_after = slot.buffer_before, slot.buffer_after
        booking.reschedules += 1

    async def _reschedule(self, booking: BookingState, start: datetime, actor: str) -> None:
        row = await find_by_manage_token(booking.manage_token)
        assert row is not None
        assert row.id == booking.id
        who = Actor.invitee() if actor == "invitee" else Actor.user(self.user_ids[0])
        await reschedule_booking(row, start, who, now=self.world.now)

    @rule(booking_id=bookings, actor=actors)
    def cancel(self, booking_id: int, actor: str) -> None:
        world = self.world
        booking = world.bookings[booking_id]
        if not booking.confirmed:
            expected = "unchanged"
        elif actor == "invitee" and booking.start < world.now + NOTICE:
            expected = "ChangeNotAllowed"
        else:
            expected = "cancelled"
        self.observe(f"cancel: {expected}")
        before = self.run(self._snapshot())
        got, _ = self.attempt(self._cancel(booking, actor))
        assert got == ("ChangeNotAllowed" if expected == "ChangeNotAllowed" else "ok")
        if expected != "cancelled":
            assert self.run(self._snapshot()) == before, f"{expected}, yet something was written"
            return
        booking.confirmed = False

    async def _cancel(self, booking: BookingState, actor: str) -> None:
        row = await find_by_manage_token(booking.manage_token)
        assert row is not None
        who = Actor.invitee() if actor == "invitee" else Actor.user(self.user_ids[0])
        await cancel_booking(row, who, reason="model", now=self.world.now)

    # --- the parent and the clock --------------------------------------------------------

    @rule(
        link_index=st.sampled_from([0, 1]),
        change=st.one_of(
            # Drawn first, hence most often: restoring and reactivating, so that links are
            # bookable for most of a run.
            st.tuples(st.just("archived"), st.sampled_from([False, True])),
            st.tuples(st.just("active"), st.sampled_from([True, False])),
            st.tuples(st.just("expires in hours"), st.none() | hours_ahead),
            st.tuples(
                st.just("hosts"),
                st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=3, unique=True),
            ),
            st.tuples(
                st.just("meeting type"),
                st.tuples(
                    st.sampled_from([15, 30, 45, 60, 90]),
                    st.sampled_from([0, 15]),
                    st.sampled_from([0, 15, 30]),
                ),
            ),
        ),
    )
    def edit_parent(self, link_index: int, change: tuple[str, Any]) -> None:
        """One rule for every change of a parent, so that booking keeps most of the steps."""
        link = self.world.links[self.link_ids[link_index]]
        what, value = change
        self.observe(f"edit: {what}")
        if what == "archived":
            self.run(set_archived(self.owner, link.id, archived=value))
            link.archived = value
        elif what == "active":
            self.run(update_link(self.owner, link.id, LinkFields(is_active=value)))
            link.active = value
        elif what == "expires in hours":
            expires_at = None if value is None else self.world.now + timedelta(hours=value)
            fields = (
                LinkFields(clear_expiry=True)
                if expires_at is None
                else LinkFields(expires_at=expires_at)
            )
            self.run(update_link(self.owner, link.id, fields))
            link.expires_at = expires_at
        elif what == "hosts":
            host_ids = [self.user_ids[i] for i in value]
            self.run(update_link(self.owner, link.id, LinkFields(host_ids=host_ids)))
            link.host_ids = host_ids
        else:
            self._change_meeting_type(link.meeting_type_id, *value)

    def _change_meeting_type(
        self, meeting_type_id: int, minutes: int, before: int, after: int
    ) -> None:
        meeting_type = self.world.meeting_types[meeting_type_id]
        self.run(
            update_meeting_type(
                self.organization_id,
                meeting_type.id,
                MeetingTypeFields(
                    duration_minutes=minutes,
                    buffer_before_minutes=before,
                    buffer_after_minutes=after,
                ),
            )
        )
        meeting_type.duration = timedelta(minutes=minutes)
        meeting_type.buffer_before = timedelta(minutes=before)
        meeting_type.buffer_after = timedelta(minutes=after)

    @precondition(lambda self: self.world.now < self.first_day + timedelta(days=2))
    @rule(hours=st.sampled_from([1, 6, 24]))
    def let_time_pass(self, hours: int) -> None:
        self.observe("time passes")
        self.world.now += timedelta(hours=hours)

    # --- what must hold after every step -------------------------------------------------

    @invariant()
    def database_agrees_with_model(self) -> None:
        self.run(self._check_database())

    async def _check_database(self) -> None:
        world = self.world
        for child in world.children.values():
            expiry = world.effective_expiry(child)
            if expiry is not None and expiry <= world.now:
                self.observe(f"status: {world.child_status(child)} past its expiry")
            row = await SingleUseLink.get(id=child.id)
            made = await Booking.filter(single_use_link_id=child.id).count()
            assert row.uses == child.uses == made, (child.id, row.uses, child.uses, made)
            assert made <= row.max_uses == child.max_uses
            assert (row.revoked_at is not None) == child.revoked
            refused = await RefusedAttempt.filter(single_use_link_id=child.id).count()
            assert refused == child.refused, (child.id, refused, child.refused)
            resolved = await resolve_key(child.token, world.now)
            assert resolved is not None
            assert resolved.status.value == world.child_status(child), (
                child,
                resolved.status,
                world.now,
            )
        for link in world.links.values():
            resolved = await resolve_key(link.key, world.now)
            assert resolved is not None
            assert resolved.status.value == world.link_status(link), (link, resolved.status)
        stored = {b.id: b for b in await Booking.filter(organization_id=self.organization_id)}
        assert set(stored) == set(world.bookings)
        for booking in world.bookings.values():
            stored_booking = stored[booking.id]
            assert (stored_booking.status is BookingStatus.CONFIRMED) == booking.confirmed, booking
            assert (stored_booking.start_at, stored_booking.end_at) == (booking.start, booking.end)
            assert stored_booking.reschedule_count == booking.reschedules
        host_rows = await BookingHost.filter(booking__organization_id=self.organization_id)
        for host_row in host_rows:
            booking = world.bookings[host_row.booking_id]
            assert host_row.active == booking.confirmed
            assert (host_row.start_at, host_row.end_at) == (booking.start, booking.end)
        for user_id in self.user_ids:
            meetings = sorted(
                (r.start_at, r.end_at) for r in host_rows if r.user_id == user_id and r.active
            )
            for (_, earlier_end), (later_start, _) in itertools.pairwise(meetings):
                assert earlier_end <= later_start, f"host {user_id} is double booked: {meetings}"
            model_meetings = sorted((b.start, b.end) for b in world.confirmed_of_host(user_id))
            assert meetings == model_meetings

    async def _snapshot(self) -> dict[str, object]:
        """Everything a refused booking, reschedule or cancellation must leave as it was
        (refused attempts are counted separately: recording them is the point)."""
        organization = self.organization_id
        return {
            "bookings": await Booking.filter(organization_id=organization)
            .order_by("id")
            .values_list("id", "status", "start_at", "end_at", "reschedule_count", "cancelled_at"),
            "booking hosts": await BookingHost.filter(booking__organization_id=organization)
            .order_by("id")
            .values_list("id", "user_id", "start_at", "end_at", "active"),
            "events": await BookingEvent.filter(booking__organization_id=organization).count(),
            "uses": await SingleUseLink.filter(link__organization_id=organization)
            .order_by("id")
            .values_list("id", "uses", "revoked_at"),
            "idempotency records": await IdempotencyRecord.all().count(),
            "host locks": await User.filter(organization_id=organization)
            .order_by("id")
            .values_list("id", "booking_sequence"),
        }


def test_domain_matches_its_model(backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    class Machine(DomainMachine):
        pass

    Machine.outcomes = Counter()
    with asyncio.Runner() as runner:
        # Entered and left through the same runner: one context for every step's task.
        database = open_database(backend.url)
        runner.run(database.__aenter__())
        try:
            Machine.runner = runner
            run_state_machine_as_test(Machine, settings=MODEL_SETTINGS)
        finally:
            runner.run(database.__aexit__(None, None, None))
    seen = sorted(Machine.outcomes.items())
    if "SLOTLINK_MODEL_EXAMPLES" in os.environ:
        with capsys.disabled():
            sys.stderr.write(f"\nmodel {backend.name}: {seen}\n")
    # A model that never books, never gets refused or never moves a meeting checks little.
    assert set(Machine.outcomes) >= EXPLORED, seen
