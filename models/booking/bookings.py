"""Booking, rescheduling and cancelling meetings: the promises the product is bought for.

Every write below is one transaction whose first statement is a write (the single-use claim
or the hosts' booking counter): on SQLite that takes the database lock before anything is
read, on PostgreSQL it locks the rows that serialize competing bookings.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar

import asyncpg
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models.accounts.tokens import hash_secret, mint_secret
from models.booking import idempotency
from models.booking import statements as booking_statements
from models.booking import transaction as booking_transaction
from models.booking.availability import SlotRules, refusal_message
from models.booking.change_policy import Change, ChangePolicy, ChangeRule
from models.booking.change_policy import refusal_message as change_refusal_message
from models.booking.refused_attempts import NOT_INVITEE, record_refused_attempt
from models.booking.schedules import free_hosts, slot_refusal, slot_rules
from models.db import prepared, sql_scripts
from models.db.tables import (
    ActorKind,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingHost,
    BookingStatus,
    IdempotencyRecord,
    Link,
    MeetingType,
    SingleUseLink,
    User,
    WebhookEvent,
)
from models.db.transactions import transaction
from models.errors import (
    ChangeNotAllowedError,
    InvalidInputError,
    InviteeNotAllowedError,
    LinkUnavailableError,
    RefusedUse,
    SlotUnavailableError,
)
from models.links.assignment import ROUND_ROBIN_WINDOW, Assignment, PoolHost, round_robin_order
from models.links.public_links import ResolvedKey, resolve_key
from models.links.routing import (
    Answer,
    answers_as_json,
    answers_of_json,
    clean_answers,
    questions_of,
    route,
    rules_of,
)
from models.links.rules import (
    KeyStatus,
    OwnerContact,
    SingleUseStatus,
    earliest,
    link_is_disabled,
    minted_before_cutoff,
    unavailable_message,
)
from models.sealing import seal
from models.validation import FieldErrors, clean_email, clean_instant, clean_name, clean_time_zone
from models.webhooks import events as webhook_events
from models.webhooks.events import (
    EventType,
    MeetingFacts,
    booking_event,
    single_use_link_event,
)

T = TypeVar("T")
MAX_NOTES = 5000
MANAGE_TOKEN_KIND = "m_"  # noqa: S105 - a visible tag, not a secret
# What the booking's own copy of its manage token is sealed for (see ``models.sealing``).
MANAGE_TOKEN_PURPOSE = "booking manage token"  # noqa: S105 - a label, not a secret


def manage_url(public_url: str, manage_token: str) -> str:
    """The invitee's page for rescheduling or cancelling."""
    return f"{public_url}/m/{manage_token}"


# PostgreSQL may abort a transaction that deadlocked on host rows; it is safe to run it again.
TRANSACTION_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class InviteeDetails:
    name: str
    email: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class BookingRequest:
    key: str
    start: datetime
    # None: the invitee a personalized single-use link names.
    invitee: InviteeDetails | None
    notes: str = ""
    idempotency_key: str | None = None
    # To the link's questions, by key (checked against them when the link is known).
    answers: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Request:
    """A booking request, cleaned, its invitee known."""

    key: str
    start: datetime
    invitee: InviteeDetails
    notes: str
    idempotency_key: str | None
    answers: Mapping[str, Answer]


@dataclass(frozen=True, slots=True)
class Booked:
    booking: Booking
    manage_token: str
    replayed: bool
    # What the confirmation shows, when the booking was just made: the link (with its owner
    # and meeting type loaded) and the hosts, so that nothing is read again.
    link: Link | None = None
    hosts: Sequence[User] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """Who changes a booking: the invitee (through the manage token) or a signed-in user."""

    kind: ActorKind
    user_id: int | None = None

    @classmethod
    def invitee(cls) -> Actor:
        return cls(ActorKind.INVITEE)

    @classmethod
    def user(cls, user_id: int) -> Actor:
        return cls(ActorKind.USER, user_id)


_ClaimLost = booking_transaction.ClaimLost
_SlotTaken = booking_transaction.SlotTaken
_IdempotencyKeyTaken = booking_transaction.IdempotencyKeyTaken


def _clean_start(errors: FieldErrors, field: str, start: datetime) -> datetime:
    start = clean_instant(errors, field, start)
    if start.second or start.microsecond:
        errors.add(field, "must be on a whole minute")
    return start


def _clean_request(request: BookingRequest) -> BookingRequest:
    errors = FieldErrors()
    invitee = (
        None
        if request.invitee is None
        else InviteeDetails(
            name=clean_name(errors, "invitee.name", request.invitee.name),
            email=clean_email(errors, "invitee.email", request.invitee.email),
            time_zone=clean_time_zone(errors, "invitee.timeZone", request.invitee.time_zone),
        )
    )
    start = _clean_start(errors, "start", request.start)
    notes = request.notes.strip()
    if len(notes) > MAX_NOTES:
        errors.add("notes", f"must be at most {MAX_NOTES} characters")
    key = request.idempotency_key
    key_problem = None if key is None else idempotency.key_problem(key)
    if key_problem is not None:
        errors.add("idempotencyKey", key_problem)
    if not request.key.strip():
        errors.add("key", "must not be empty")
    errors.raise_if_any()
    return replace(request, key=request.key.strip(), start=start, invitee=invitee, notes=notes)


async def _with_invitee(request: BookingRequest, now: datetime) -> _Request:
    """A request without an invitee books as the one its personalized link names."""
    invitee = request.invitee
    if invitee is None:
        # Whatever the link's status: a retry of a booking it made must still replay.
        resolved = await resolve_key(request.key, now)
        if resolved is None:
            raise _refusal(resolved)
        child = resolved.single_use_link
        if child is None or child.invitee_email is None or child.invitee_name is None:
            raise InvalidInputError.single(
                "invitee", "is required: this link does not name its invitee"
            )
        invitee = InviteeDetails(
            name=child.invitee_name, email=child.invitee_email, time_zone="UTC"
        )
    return _Request(
        request.key,
        request.start,
        invitee,
        request.notes,
        request.idempotency_key,
        request.answers,
    )


async def with_retries(attempt: Callable[[], Awaitable[T]]) -> T:
    for remaining in range(TRANSACTION_ATTEMPTS - 1, -1, -1):
        try:
            return await attempt()
        except asyncpg.exceptions.TransactionRollbackError:
            if not remaining:
                raise
    raise AssertionError("unreachable")


def _refusal(resolved: ResolvedKey | None) -> LinkUnavailableError:
    if resolved is None:
        return LinkUnavailableError("NOT_FOUND", unavailable_message(None, None))
    child = resolved.single_use_link
    return LinkUnavailableError(
        resolved.status.value,
        unavailable_message(resolved.status, resolved.contact),
        refused=None
        if child is None
        else RefusedUse(resolved.link.organization_id, resolved.link.id, child.id),
    )


async def _replay(
    request: _Request, scope: str, fingerprint: str, server_secret: bytes
) -> Booked | None:
    key = request.idempotency_key
    if key is None:
        return None
    record = await IdempotencyRecord.filter(
        scope_hash=scope, key_hash=idempotency.key_hash(server_secret, key)
    ).first()
    if record is None:
        return None
    if record.request_hash != fingerprint:
        raise InvalidInputError.single(
            "idempotencyKey", "was already used for a different booking request"
        )
    booking = await Booking.get(id=record.booking_id)
    return Booked(
        booking,
        idempotency.unseal(server_secret, key, scope, record.sealed_manage_token),
        replayed=True,
    )


async def book_meeting(
    given: BookingRequest, *, server_secret: bytes, now: datetime | None = None
) -> Booked:
    """``server_secret`` keys the idempotency records (see ``models.booking.idempotency``)."""
    now = now or datetime.now(UTC)
    request = await _with_invitee(_clean_request(given), now)
    scope = idempotency.scope_hash(request.key)
    fingerprint = idempotency.request_fingerprint(
        link_key=request.key,
        start=request.start,
        name=request.invitee.name,
        email=request.invitee.email,
        time_zone=request.invitee.time_zone,
        notes=request.notes,
        answers=answers_as_json(request.answers),
    )
    replayed = await _replay(request, scope, fingerprint, server_secret)
    if replayed is not None:
        return replayed
    try:
        return await _book(request, scope, fingerprint, now, server_secret)
    except InviteeNotAllowedError as refusal:
        if refusal.refused is not None:
            await record_refused_attempt(refusal.refused, NOT_INVITEE, request.invitee.email, now)
        raise
    except (LinkUnavailableError, SlotUnavailableError) as refusal:
        # A concurrent twin with the same idempotency key may be what spent the link or took
        # the slot: then its result is ours.
        replayed = await _replay(request, scope, fingerprint, server_secret)
        if replayed is not None:
            return replayed
        if isinstance(refusal, SlotUnavailableError):
            # The slot may be gone because a racing booking spent this very link: then that
            # is the answer, or the invitee would pick another time only to hear it next.
            spent = await resolve_key(request.key, datetime.now(UTC))
            if spent is None or spent.status is KeyStatus.ACTIVE:
                raise
            refusal = _refusal(spent)
        if refusal.refused is not None:
            await record_refused_attempt(
                refusal.refused, refusal.reason, request.invitee.email, now
            )
        raise refusal from None


async def _book(
    request: _Request, scope: str, fingerprint: str, now: datetime, server_secret: bytes
) -> Booked:
    resolved = await resolve_key(request.key, now)
    if resolved is None or resolved.status is not KeyStatus.ACTIVE:
        raise _refusal(resolved)
    child = resolved.single_use_link
    if child is not None and child.lock_to_invitee and child.invitee_email != request.invitee.email:
        raise InviteeNotAllowedError(
            f"This link is reserved for its invitee. Please contact {resolved.owner.name} "
            f"({resolved.owner.email}) to arrange a meeting.",
            refused=RefusedUse(resolved.link.organization_id, resolved.link.id, child.id),
        )
    link = resolved.link
    answers = _answers(link, child, request.answers)
    link_hosts = await booking_statements.link_hosts(link.id)
    hosts = link_hosts.users
    rules = slot_rules(link, resolved.meeting_type, now, resolved.starts_before)
    host_ids, round_robin = await _attending(link, link_hosts, answers, rules, request.start, now)

    manage = mint_secret(MANAGE_TOKEN_KIND)
    end = request.start + rules.duration

    metadata = {**link.metadata, **(child.metadata if child is not None else {})}
    new = booking_transaction.NewBooking(
        booking=Booking(
            organization_id=link.organization_id,
            link_id=link.id,
            single_use_link_id=child.id if child is not None else None,
            start_at=request.start,
            end_at=end,
            invitee_name=request.invitee.name,
            invitee_email=request.invitee.email,
            invitee_time_zone=request.invitee.time_zone,
            notes=request.notes,
            answers=answers_as_json(answers),
            metadata=metadata,
            status=BookingStatus.CONFIRMED,
            manage_token_hash=manage.digest,
            manage_token_prefix=manage.prefix,
            sealed_manage_token=seal(server_secret, MANAGE_TOKEN_PURPOSE, manage.plain),
            reschedule_count=0,
            cancel_reason="",
            created_at=now,
            updated_at=now,
        ),
        host_ids=host_ids,
        round_robin=round_robin,
        blocked=(request.start - rules.buffer_before, end + rules.buffer_after),
        now=now,
        events=lambda booking, attending: _booked_events(
            booking,
            link,
            child,
            now,
            MeetingFacts(resolved.owner, resolved.meeting_type, _users(hosts, attending)),
        ),
        idempotency=None
        if request.idempotency_key is None
        else booking_transaction.IdempotencyRow(
            scope_hash=scope,
            key_hash=idempotency.key_hash(server_secret, request.idempotency_key),
            request_hash=fingerprint,
            sealed_manage_token=idempotency.seal(
                server_secret, request.idempotency_key, scope, manage.plain
            ),
        ),
    )

    async def write() -> booking_transaction.Made:
        async with transaction():
            if child is not None and not await claim_use(child.id, now):
                raise _ClaimLost
            return await sql_scripts.run(booking_transaction.book(new))

    try:
        made = await with_retries(write)
    except _SlotTaken:
        raise SlotUnavailableError() from None
    except _IdempotencyKeyTaken:
        # The twin that holds the key committed first; the caller replays its result.
        raise SlotUnavailableError() from None
    except _ClaimLost:
        raise _refusal(await resolve_key(request.key, datetime.now(UTC))) from None
    return Booked(
        made.booking,
        manage.plain,
        replayed=False,
        link=link,
        hosts=_users(hosts, made.host_ids),
    )


def _answers(
    link: Link, child: SingleUseLink | None, given: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The invitee's answers to the link's questions, with those a personalized single-use
    link carries (the owner's, which the invitee was not asked) taking precedence."""
    carried = answers_of_json(child.answers) if child is not None else {}
    errors = FieldErrors()
    answers = clean_answers(errors, questions_of(link.questions), {**given, **carried})
    errors.raise_if_any()
    return answers


async def _attending(
    link: Link,
    link_hosts: booking_statements.LinkHosts,
    answers: Mapping[str, Answer],
    rules: SlotRules,
    start: datetime,
    now: datetime,
) -> tuple[list[int], booking_transaction.RoundRobin | None]:
    """The hosts the booking transaction locks and, for a link whose meeting takes one host,
    how it picks among them (those free at ``start`` when read): a RULES link's pool is the
    one its rules route the answers to, or all its hosts when none matches."""
    host_ids = [host.user_id for host in routed_pool(link, link_hosts.pool, answers)]
    if not link.assignment.picks_one_host:
        refusal = await slot_refusal(host_ids, rules, start, users=link_hosts.users)
        if refusal is not None:
            raise SlotUnavailableError(refusal.value, refusal_message(refusal))
        return host_ids, None
    users = [user for user in link_hosts.users if user.id in host_ids]
    free, none_free = await free_hosts(host_ids, rules, start, users=users)
    if none_free is not None:
        raise SlotUnavailableError(none_free.value, refusal_message(none_free))
    pool = [host for host in link_hosts.pool if host.user_id in free]
    return free, booking_transaction.RoundRobin(pool, since=now - ROUND_ROBIN_WINDOW)


def routed_pool(
    link: Link, pool: Sequence[PoolHost], answers: Mapping[str, Answer]
) -> list[PoolHost]:
    """Those of the link's hosts a meeting may take: for a RULES link, the pool its rules route
    the answers to (all of them when none matches); for any other, all of them."""
    if link.assignment is Assignment.RULES:
        routed = route(rules_of(link.routing_rules), answers)
        if routed is not None:
            return [host for host in pool if host.user_id in routed]
    return list(pool)


def _users(users: Sequence[User], ids: Sequence[int]) -> list[User]:
    by_id = {user.id: user for user in users}
    return [by_id[user_id] for user_id in ids]


def _booked_events(
    booking: Booking, link: Link, child: SingleUseLink | None, now: datetime, facts: MeetingFacts
) -> list[WebhookEvent]:
    created = booking_event(
        EventType.BOOKING_CREATED,
        booking,
        link,
        child,
        now,
        facts=facts,
        actor=ActorKind.INVITEE.value,
    )
    if child is None:
        return [created]
    used = single_use_link_event(EventType.SINGLE_USE_LINK_USED, child, link, now, booking=booking)
    return [created, used]


async def meeting_facts(booking: Booking, link: Link) -> MeetingFacts:
    """For the events of a change to an existing booking: read before its transaction."""
    owner = await User.get(id=link.owner_id)
    meeting_type = await MeetingType.get(id=link.meeting_type_id)
    hosts = await BookingHost.filter(booking_id=booking.id).order_by("id").select_related("user")
    return MeetingFacts(owner, meeting_type, [host.user for host in hosts])


async def single_use_link_of(booking: Booking) -> SingleUseLink | None:
    if booking.single_use_link_id is None:
        return None
    return await SingleUseLink.get(id=booking.single_use_link_id)


async def claim_use(single_use_link_id: int, now: datetime) -> bool:
    """One conditional UPDATE whose row count decides: the only safe claim under concurrency.
    It must be the first statement of the booking transaction."""
    return await booking_statements.claim_use(single_use_link_id, now)


async def ensure_free(
    host_ids: Sequence[int],
    start: datetime,
    end: datetime,
    rules: SlotRules,
    *,
    ignore_booking_id: int | None = None,
) -> None:
    """Buffers keep meetings apart both ways without stacking: the new meeting's buffers may
    not cover another meeting, and another meeting's buffers may not cover the new one."""
    if await booking_statements.has_clash(
        host_ids,
        padded=(start - rules.buffer_before, end + rules.buffer_after),
        meeting=(start, end),
        ignore_booking_id=ignore_booking_id,
    ):
        raise _SlotTaken


async def find_by_manage_token(token: str) -> Booking | None:
    if not token.startswith(MANAGE_TOKEN_KIND) or len(token) > 100:
        return None
    return await Booking.filter(manage_token_hash=hash_secret(token)).first()


async def _owner_contact(link: Link) -> OwnerContact:
    owner = await User.get(id=link.owner_id)
    return OwnerContact(name=owner.name, email=owner.email)


async def _check_change(
    booking: Booking, link: Link, actor: Actor, change: Change, now: datetime
) -> None:
    """Refuses a change the link's policy does not allow the invitee; owners and admins may
    change any meeting that is not cancelled, and are not told to contact themselves."""
    if actor.kind is ActorKind.INVITEE:
        rule = ChangePolicy.of(link).invitee_refusal(change, booking, now)
    else:
        rule = ChangeRule.CANCELLED if booking.status is BookingStatus.CANCELLED else None
    if rule is not None:
        raise await _change_refused(rule, booking, link, actor)


async def _change_refused(
    rule: ChangeRule, booking: Booking, link: Link, actor: Actor
) -> ChangeNotAllowedError:
    if actor.kind is not ActorKind.INVITEE:
        return ChangeNotAllowedError(rule.value, "This meeting was cancelled.")
    message = change_refusal_message(
        rule,
        ChangePolicy.of(link),
        await _owner_contact(link),
        through_single_use=booking.single_use_link_id is not None,
    )
    return ChangeNotAllowedError(rule.value, message)


@dataclass(frozen=True, slots=True)
class RescheduleTerms:
    """Where a booking may move: its link's rules for its own duration and hosts. A round
    robin's meeting may also move to a time its host is not free, to another host of the pool
    (``pool``) who is."""

    link: Link
    host_ids: list[int]
    rules: SlotRules
    pool: list[PoolHost] = field(default_factory=list)

    @property
    def pool_ids(self) -> list[int]:
        return [host.user_id for host in self.pool]


async def reschedule_terms(booking: Booking, actor: Actor, now: datetime) -> RescheduleTerms:
    """Raises when ``actor`` may not move ``booking`` at all: cancelled, its link disabled, or
    (for the invitee) what the link's cancel/reschedule policy does not allow."""
    link = await Link.get(id=booking.link_id)
    if booking.status is BookingStatus.CANCELLED:
        raise await _change_refused(ChangeRule.CANCELLED, booking, link, actor)
    if link_is_disabled(link):
        contact = await _owner_contact(link)
        raise LinkUnavailableError(
            SingleUseStatus.DISABLED.value,
            "This meeting can no longer be moved online, only cancelled. "
            f"Please contact {contact.name} ({contact.email}).",
        )
    if await _booked_before_cutoff(booking, link):
        contact = await _owner_contact(link)
        raise LinkUnavailableError(
            SingleUseStatus.DISABLED.value,
            "This meeting can no longer be moved online, only cancelled: the link it was "
            "booked through now assigns one fixed host. "
            f"Please contact {contact.name} ({contact.email}).",
        )
    await _check_change(booking, link, actor, Change.RESCHEDULE, now)
    meeting_type = await MeetingType.get(id=link.meeting_type_id)
    host_ids = [
        int(user_id)  # type: ignore[call-overload]
        for user_id in await BookingHost.filter(booking_id=booking.id).values_list(
            "user_id", flat=True
        )
    ]
    duration = booking.end_at - booking.start_at
    # The link's expiry is about booking through it: a meeting booked in time may move after.
    rules = replace(
        slot_rules(link, meeting_type, now, await _starts_before(booking, link)),
        duration=duration,
    )
    if actor.kind is ActorKind.USER:
        # Owners and admins move meetings wherever the hosts are free.
        rules = replace(rules, earliest_start=now, starts_before=None)
    pool = []
    if link.assignment.picks_one_host and len(host_ids) == 1:
        every = (await booking_statements.link_hosts(link.id)).pool
        pool = routed_pool(link, every, answers_of_json(booking.answers))
    return RescheduleTerms(link, host_ids, rules, pool)


async def _substitute_host(
    booking: Booking, terms: RescheduleTerms, new_start: datetime, now: datetime
) -> int | None:
    """For a round robin's meeting moving to a time its host is not free: the pool's host whose
    turn it is among those free then; None when none is."""
    others = [user_id for user_id in terms.pool_ids if user_id not in terms.host_ids]
    if not others:
        return None
    free, _ = await free_hosts(others, terms.rules, new_start, ignore_booking_id=booking.id)
    if not free:
        return None
    step = booking_statements.loads_step(terms.link.id, free, now - ROUND_ROBIN_WINDOW)
    loads = booking_statements.loads_of(await prepared.fetch(step.statement, step.values))
    return round_robin_order([host for host in terms.pool if host.user_id in free], loads)[0]


async def _booked_before_cutoff(booking: Booking, link: Link) -> bool:
    """Booked through a single-use link that its parent's change to one fixed host disabled.
    OnceHub: "If a Customer used the one-time link to make a booking before you changed the
    Rule type from Dynamic to Static, that booking can be cancelled but not rescheduled." """
    if booking.single_use_link_id is None or link.single_use_cutoff_at is None:
        return False
    child = await SingleUseLink.get(id=booking.single_use_link_id).only("id", "created_at")
    return minted_before_cutoff(child, link)


async def _starts_before(booking: Booking, link: Link) -> datetime | None:
    if booking.single_use_link_id is None:
        return link.starts_before
    child = await SingleUseLink.get(id=booking.single_use_link_id).only("id", "starts_before")
    return earliest(child.starts_before, link.starts_before)


async def reschedule_booking(
    booking: Booking, new_start: datetime, actor: Actor, *, now: datetime | None = None
) -> Booking:
    """Never spends another use of a single-use link, and needs no token of the link."""
    now = now or datetime.now(UTC)
    errors = FieldErrors()
    new_start = _clean_start(errors, "start", new_start)
    errors.raise_if_any()
    terms = await reschedule_terms(booking, actor, now)
    link, host_ids, rules = terms.link, terms.host_ids, terms.rules
    duration = booking.end_at - booking.start_at
    refusal = await slot_refusal(host_ids, rules, new_start, ignore_booking_id=booking.id)
    substitute = None
    if refusal is not None and terms.pool_ids:
        substitute = await _substitute_host(booking, terms, new_start, now)
    if refusal is not None and substitute is None:
        raise SlotUnavailableError(refusal.value, refusal_message(refusal))
    attending = host_ids if substitute is None else [substitute]
    new_end = new_start + duration
    previous_start, previous_end = booking.start_at, booking.end_at
    child = await single_use_link_of(booking)
    facts = await meeting_facts(booking, link)
    replaced: list[User] = []
    if substitute is not None:
        replaced = list(facts.hosts)
        facts = replace(facts, hosts=[await User.get(id=substitute)])
    limit = ChangePolicy.of(link).max_reschedules if actor.kind is ActorKind.INVITEE else None

    async def write() -> Booking:
        async with transaction():
            await booking_statements.lock_hosts(sorted({*host_ids, *attending}), now)
            await ensure_free(attending, new_start, new_end, rules, ignore_booking_id=booking.id)
            movable = Booking.filter(id=booking.id, status=BookingStatus.CONFIRMED)
            if limit is not None:
                # A concurrent move may have used the last one since the policy was checked.
                movable = movable.filter(reschedule_count__lt=limit)
            moved = await movable.update(
                start_at=new_start,
                end_at=new_end,
                reschedule_count=F("reschedule_count") + 1,
                updated_at=now,
            )
            if moved != 1:
                current = await Booking.get(id=booking.id)
                rule = (
                    ChangeRule.CANCELLED
                    if current.status is BookingStatus.CANCELLED
                    else ChangeRule.RESCHEDULE_LIMIT
                )
                raise await _change_refused(rule, current, link, actor)
            try:
                await BookingHost.filter(booking_id=booking.id).update(
                    start_at=new_start,
                    end_at=new_end,
                    blocked_start=new_start - rules.buffer_before,
                    blocked_end=new_end + rules.buffer_after,
                    **({} if substitute is None else {"user_id": substitute}),
                )
            except IntegrityError:
                raise _SlotTaken from None
            await BookingEvent.create(
                booking_id=booking.id,
                kind=BookingEventKind.RESCHEDULED,
                actor_kind=actor.kind,
                actor_user_id=actor.user_id,
                occurred_at=now,
                previous_start_at=previous_start,
                previous_end_at=previous_end,
            )
            rescheduled = await Booking.get(id=booking.id)
            await webhook_events.record(
                [
                    booking_event(
                        EventType.BOOKING_RESCHEDULED,
                        rescheduled,
                        link,
                        child,
                        now,
                        facts=facts,
                        actor=actor.kind.value,
                        previous=(previous_start, previous_end),
                        previous_hosts=replaced,
                    )
                ]
            )
            return rescheduled

    try:
        return await with_retries(write)
    except _SlotTaken:
        raise SlotUnavailableError() from None


async def cancel_booking(
    booking: Booking, actor: Actor, *, reason: str = "", now: datetime | None = None
) -> Booking:
    """Allowed even when the link is archived. Cancelling twice is not an error."""
    now = now or datetime.now(UTC)
    errors = FieldErrors()
    reason = reason.strip()
    if len(reason) > MAX_NOTES:
        errors.add("reason", f"must be at most {MAX_NOTES} characters")
    errors.raise_if_any()
    if booking.status is BookingStatus.CANCELLED:
        return booking
    link = await Link.get(id=booking.link_id)
    await _check_change(booking, link, actor, Change.CANCEL, now)
    child = await single_use_link_of(booking)
    facts = await meeting_facts(booking, link)
    async with transaction():
        cancelled = await Booking.filter(id=booking.id, status=BookingStatus.CONFIRMED).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, cancel_reason=reason, updated_at=now
        )
        if cancelled == 1:
            await BookingHost.filter(booking_id=booking.id).update(active=False)
            await BookingEvent.create(
                booking_id=booking.id,
                kind=BookingEventKind.CANCELLED,
                actor_kind=actor.kind,
                actor_user_id=actor.user_id,
                occurred_at=now,
                reason=reason,
            )
            cancelled_booking = await Booking.get(id=booking.id)
            await webhook_events.record(
                [
                    booking_event(
                        EventType.BOOKING_CANCELLED,
                        cancelled_booking,
                        link,
                        child,
                        now,
                        facts=facts,
                        actor=actor.kind.value,
                        reason=reason,
                    )
                ]
            )
            return cancelled_booking
    return await Booking.get(id=booking.id)
