"""Standard booking links: who may see and change them, and the changes themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.accounts.permissions import require
from models.accounts.quotas import UNLIMITED, QuotaReached, Quotas, take_links
from models.accounts.viewer import Viewer
from models.booking.change_policy import NOTICE_RANGE, PolicyChanges
from models.db import prepared
from models.db.tables import BookableBy, Link, LinkHost, MeetingType, Organization, User
from models.db.transactions import transaction
from models.errors import ForbiddenError, InvalidInputError, NotFoundError
from models.links.assignment import (
    DEFAULT_PRIORITY,
    PRIORITY_RANGE,
    WEIGHT_RANGE,
    Assignment,
    HostSettings,
    PoolHost,
)
from models.links.metadata import clean_metadata
from models.links.permissions import may_change_link, may_create_link_for
from models.links.routing import (
    Question,
    Rule,
    clean_questions,
    clean_rules,
    questions_of,
    rules_of,
)
from models.slugs import is_valid_slug, slugify
from models.validation import FieldErrors, clean_future_instant, clean_name
from models.webhooks import events as webhook_events
from models.webhooks.events import link_event

MAX_HOSTS = 10
HORIZON_RANGE = (1, 730)
INTERVAL_RANGE = (5, 720)


@dataclass(frozen=True, slots=True)
class LinkFields:
    """For an update, ``None`` leaves a field as it is (``clear_expiry`` removes the expiry,
    ``clear_starts_before`` the start cutoff)."""

    name: str | None = None
    slug: str | None = None
    meeting_type_id: int | None = None
    host_ids: list[int] | None = None
    expires_at: datetime | None = None
    clear_expiry: bool = False
    starts_before: datetime | None = None
    clear_starts_before: bool = False
    minimum_notice_minutes: int | None = None
    booking_horizon_days: int | None = None
    slot_interval_minutes: int | None = None
    is_active: bool | None = None
    # None on creation: the organization's default.
    bookable_by: BookableBy | None = None
    change_policy: PolicyChanges = field(default_factory=PolicyChanges)
    metadata: dict[str, Any] | None = field(default=None)
    # None on creation: COLLECTIVE.
    assignment: Assignment | None = None
    # Round robin shares by host: what is not given stays (on a new host: weight 1, the middle
    # priority).
    host_settings: dict[int, HostSettings] | None = None
    # The booking form's questions, and the rules routing answers to pools (RULES).
    questions: list[Question] | None = None
    routing_rules: list[Rule] | None = None


def visible_links(viewer: Viewer) -> QuerySet[Link]:
    """Admins see the organization's links; members those they own or host."""
    query = Link.filter(organization_id=viewer.organization_id)
    if viewer.is_admin:
        return query
    return query.filter(
        Q(owner_id=viewer.user_id) | Q(host_rows__user_id=viewer.user_id)
    ).distinct()


# ``visible_links`` for one link, prepared: minting and every link mutation start with it.
_VISIBLE_LINK = prepared.Prepared.of(
    f"""
    SELECT {prepared.columns(Link, "l")} FROM links l
    WHERE l.id = :link_id AND l.organization_id = :organization_id
      AND (:is_admin OR l.owner_id = :user_id OR EXISTS (
          SELECT 1 FROM link_hosts h WHERE h.link_id = l.id AND h.user_id = :user_id))
    """  # noqa: S608 - column lists from the models, values as parameters
)


async def get_visible_link(viewer: Viewer, link_id: int) -> Link:
    rows = await prepared.fetch(
        _VISIBLE_LINK,
        {
            "link_id": link_id,
            "organization_id": viewer.organization_id,
            "is_admin": viewer.is_admin,
            "user_id": viewer.user_id,
        },
    )
    if not rows:
        raise NotFoundError("No such link.")
    return prepared.instance(Link, rows[0], "l")


async def get_manageable_link(viewer: Viewer, link_id: int) -> Link:
    link = await get_visible_link(viewer, link_id)
    if not may_change_link(viewer, link):
        if link.managed and link.owner_id == viewer.user_id:
            raise ForbiddenError(
                "An admin manages this link for you: only admins may change it. "
                "You may still mint single-use links from it."
            )
        raise ForbiddenError("Only the link's owner or an admin may change it.")
    return link


def _check_range(
    errors: FieldErrors, name: str, value: int | None, bounds: tuple[int, int]
) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        errors.add(name, f"must be between {bounds[0]} and {bounds[1]}")


async def _clean(
    viewer: Viewer, fields: LinkFields, errors: FieldErrors, now: datetime
) -> LinkFields:
    name = None if fields.name is None else clean_name(errors, "name", fields.name)
    slug = fields.slug
    if slug is not None:
        slug = slug.strip().lower()
        if not is_valid_slug(slug):
            errors.add("slug", "use 1-64 lowercase letters, digits and inner hyphens")
    expires_at = clean_future_instant(errors, "expiresAt", fields.expires_at, now)
    starts_before = clean_future_instant(errors, "startsBefore", fields.starts_before, now)
    _check_range(errors, "minimumNoticeMinutes", fields.minimum_notice_minutes, NOTICE_RANGE)
    _check_range(errors, "bookingHorizonDays", fields.booking_horizon_days, HORIZON_RANGE)
    _check_range(errors, "slotIntervalMinutes", fields.slot_interval_minutes, INTERVAL_RANGE)
    fields.change_policy.check(errors)
    metadata = (
        None if fields.metadata is None else clean_metadata(errors, "metadata", fields.metadata)
    )
    if fields.meeting_type_id is not None and not await MeetingType.exists(
        id=fields.meeting_type_id, organization_id=viewer.organization_id
    ):
        errors.add("meetingTypeId", "no such meeting type")
    host_ids = fields.host_ids
    if host_ids is not None:
        host_ids = list(dict.fromkeys(host_ids))
        if not 1 <= len(host_ids) <= MAX_HOSTS:
            errors.add("hostIds", f"give between 1 and {MAX_HOSTS} hosts")
        else:
            found = await User.filter(
                id__in=host_ids, organization_id=viewer.organization_id
            ).count()
            if found != len(host_ids):
                errors.add("hostIds", "every host must be a user of the organization")
    for user_id, settings in (fields.host_settings or {}).items():
        if (
            settings.weight is not None
            and not WEIGHT_RANGE[0] <= settings.weight <= WEIGHT_RANGE[1]
        ):
            errors.add(
                "hostSettings",
                f"user {user_id}: a weight is between {WEIGHT_RANGE[0]} and {WEIGHT_RANGE[1]}",
            )
        low, high = PRIORITY_RANGE
        if settings.priority is not None and not low <= settings.priority <= high:
            errors.add("hostSettings", f"user {user_id}: a priority is between {low} and {high}")
    return LinkFields(
        name=name,
        slug=slug,
        meeting_type_id=fields.meeting_type_id,
        host_ids=host_ids,
        expires_at=expires_at,
        clear_expiry=fields.clear_expiry,
        starts_before=starts_before,
        clear_starts_before=fields.clear_starts_before,
        minimum_notice_minutes=fields.minimum_notice_minutes,
        booking_horizon_days=fields.booking_horizon_days,
        slot_interval_minutes=fields.slot_interval_minutes,
        is_active=fields.is_active,
        bookable_by=fields.bookable_by,
        change_policy=fields.change_policy,
        metadata=metadata,
        assignment=fields.assignment,
        host_settings=fields.host_settings,
        questions=None if fields.questions is None else clean_questions(errors, fields.questions),
        routing_rules=fields.routing_rules,
    )


def _check_hosts_fit(
    errors: FieldErrors,
    assignment: Assignment,
    host_ids: list[int],
    host_settings: dict[int, HostSettings] | None,
) -> None:
    """The link's hosts as they will be, against its assignment and the settings given."""
    if assignment is Assignment.STATIC and len(host_ids) != 1:
        errors.add("hostIds", "a STATIC link has exactly one host")
    for user_id in host_settings or {}:
        if user_id not in host_ids:
            errors.add("hostSettings", f"user {user_id} is not one of the link's hosts")


def _settled(
    host_ids: list[int],
    current: dict[int, PoolHost],
    given: dict[int, HostSettings] | None,
) -> dict[int, tuple[int, int]]:
    """(weight, priority) of each host as it will be: as given, else as it is, else the
    defaults."""
    settled = {}
    for user_id in host_ids:
        now = current.get(user_id)
        change = (given or {}).get(user_id, HostSettings())
        weight = change.weight or (now.weight if now else 1)
        priority = change.priority or (now.priority if now else DEFAULT_PRIORITY)
        settled[user_id] = (weight, priority)
    return settled


def _routing(
    errors: FieldErrors,
    given: LinkFields,
    host_ids: list[int],
    link: Link | None = None,
) -> tuple[list[Question], list[Rule]]:
    """The questions and rules as they will be (those given, else the link's own), checked
    together and against the hosts: a rule may not outlive its question or a host of its pool."""
    questions = given.questions
    if questions is None:
        questions = questions_of(link.questions) if link is not None else []
    rules = given.routing_rules
    if rules is None:
        rules = rules_of(link.routing_rules) if link is not None else []
    field_errors = FieldErrors()
    checked = clean_rules(field_errors, rules, questions, host_ids)
    if field_errors and given.routing_rules is None:
        errors.add(
            "routingRules",
            "the link's rules name a question or host it would no longer "
            "have: give routingRules anew",
        )
    else:
        errors.merge(field_errors)
    return questions, checked


async def _free_slug(organization_id: int, name: str) -> str:
    base = slugify(name)
    rows = await Link.filter(organization_id=organization_id, slug__startswith=base).values_list(
        "slug", flat=True
    )
    taken = {str(slug) for slug in rows}
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


async def _replace_hosts(link_id: int, settled: dict[int, tuple[int, int]]) -> None:
    """``settled``: (weight, priority) by host, in the hosts' order."""
    await LinkHost.filter(link_id=link_id).delete()
    await LinkHost.bulk_create(
        [
            LinkHost(link_id=link_id, user_id=user_id, position=i, weight=weight, priority=priority)
            for i, (user_id, (weight, priority)) in enumerate(settled.items())
        ]
    )


async def create_link(
    viewer: Viewer,
    fields: LinkFields,
    *,
    owner_id: int | None = None,
    quotas: Quotas = UNLIMITED,
) -> Link:
    """Members create links for themselves; an admin naming another owner makes a managed link."""
    now = datetime.now(UTC)
    errors = FieldErrors()
    owner_id = owner_id if owner_id is not None else viewer.user_id
    if owner_id != viewer.user_id:
        require(may_create_link_for(viewer, owner_id))
        if not await User.exists(id=owner_id, organization_id=viewer.organization_id):
            errors.add("ownerId", "no such user")
    if fields.name is None:
        errors.add("name", "is required")
    if fields.meeting_type_id is None:
        errors.add("meetingTypeId", "is required")
    cleaned = await _clean(viewer, fields, errors, now)
    host_ids = cleaned.host_ids or [owner_id]
    assignment = cleaned.assignment or Assignment.COLLECTIVE
    _check_hosts_fit(errors, assignment, host_ids, cleaned.host_settings)
    questions, routing_rules = _routing(errors, cleaned, host_ids)
    errors.raise_if_any()
    assert cleaned.name is not None
    assert cleaned.meeting_type_id is not None
    rules: dict[str, Any] = {
        k: v
        for k, v in (
            ("minimum_notice_minutes", cleaned.minimum_notice_minutes),
            ("booking_horizon_days", cleaned.booking_horizon_days),
            ("slot_interval_minutes", cleaned.slot_interval_minutes),
            ("is_active", cleaned.is_active),
        )
        if v is not None
    }
    rules.update(cleaned.change_policy.given())
    bookable_by = cleaned.bookable_by or await _default_bookable_by(viewer.organization_id)
    slug = cleaned.slug or await _free_slug(viewer.organization_id, cleaned.name)
    try:
        async with transaction():
            room = take_links(viewer.organization_id, 1, quotas.links)
            if await prepared.execute(room.statement, room.values) != 1:
                raise QuotaReached
            link = await Link.create(
                organization_id=viewer.organization_id,
                owner_id=owner_id,
                created_by_id=viewer.user_id,
                managed=owner_id != viewer.user_id,
                meeting_type_id=cleaned.meeting_type_id,
                name=cleaned.name,
                slug=slug,
                expires_at=cleaned.expires_at,
                starts_before=cleaned.starts_before,
                bookable_by=bookable_by,
                assignment=assignment,
                questions=[question.as_json() for question in questions],
                routing_rules=[rule.as_json() for rule in routing_rules],
                metadata=cleaned.metadata or {},
                **rules,
            )
            await _replace_hosts(link.id, _settled(host_ids, {}, cleaned.host_settings))
    except IntegrityError:
        raise InvalidInputError.single("slug", "another link already uses this slug") from None
    except QuotaReached:
        raise InvalidInputError.single(
            "organization", f"the organization may hold at most {quotas.links} links"
        ) from None
    return link


async def _default_bookable_by(organization_id: int) -> BookableBy:
    organization = await Organization.get(id=organization_id).only("id", "default_bookable_by")
    return organization.default_bookable_by


async def update_link(viewer: Viewer, link_id: int, changes: LinkFields) -> Link:
    now = datetime.now(UTC)
    link = await get_manageable_link(viewer, link_id)
    errors = FieldErrors()
    cleaned = await _clean(viewer, changes, errors, now)
    current_hosts = await _pool_of(link.id)
    host_ids = cleaned.host_ids if cleaned.host_ids is not None else list(current_hosts)
    _check_hosts_fit(errors, cleaned.assignment or link.assignment, host_ids, cleaned.host_settings)
    questions, routing_rules = _routing(errors, cleaned, host_ids, link)
    errors.raise_if_any()
    before = {column: getattr(link, column) for column in _CHANGEABLE}
    for attribute in (
        "name",
        "slug",
        "meeting_type_id",
        "expires_at",
        "starts_before",
        "minimum_notice_minutes",
        "booking_horizon_days",
        "slot_interval_minutes",
        "is_active",
        "bookable_by",
        "metadata",
        "assignment",
    ):
        value = getattr(cleaned, attribute)
        if value is not None:
            setattr(link, attribute, value)
    if cleaned.clear_expiry:
        link.expires_at = None
    if cleaned.clear_starts_before:
        link.starts_before = None
    for column, value in cleaned.change_policy.given().items():
        setattr(link, column, value)
    link.questions = [question.as_json() for question in questions]
    link.routing_rules = [rule.as_json() for rule in routing_rules]
    if before["assignment"].is_dynamic and link.assignment is Assignment.STATIC:
        # Every single-use link minted so far stops working, for good (models/links/rules.py).
        link.single_use_cutoff_at = now
    changed = {
        _CHANGEABLE[column] for column, value in before.items() if getattr(link, column) != value
    }
    settled = _settled(host_ids, current_hosts, cleaned.host_settings)
    if host_ids != list(current_hosts):
        changed.add("hostIds")
    was = _settled(list(current_hosts), current_hosts, None)
    if any(
        shares != was.get(user_id, (1, DEFAULT_PRIORITY)) for user_id, shares in settled.items()
    ):
        changed.add("hostSettings")
    try:
        async with transaction():
            if {"hostIds", "hostSettings"} & changed:
                await _replace_hosts(link.id, settled)
            await link.save()
            if changed:
                await webhook_events.record(
                    [link_event(link, now, changed=sorted(changed), actor_user_id=viewer.user_id)]
                )
    except IntegrityError:
        raise InvalidInputError.single("slug", "another link already uses this slug") from None
    return link


# A link's columns an update may change, by the name the API gives them.
_CHANGEABLE = {
    "name": "name",
    "slug": "slug",
    "meeting_type_id": "meetingTypeId",
    "expires_at": "expiresAt",
    "starts_before": "startsBefore",
    "minimum_notice_minutes": "minimumNoticeMinutes",
    "booking_horizon_days": "bookingHorizonDays",
    "slot_interval_minutes": "slotIntervalMinutes",
    "is_active": "active",
    "bookable_by": "bookableBy",
    "metadata": "metadata",
    "assignment": "assignment",
    "questions": "questions",
    "routing_rules": "routingRules",
    "invitee_may_reschedule": "changePolicy",
    "invitee_may_cancel": "changePolicy",
    "reschedule_notice_minutes": "changePolicy",
    "cancel_notice_minutes": "changePolicy",
    "max_reschedules": "changePolicy",
}


async def _pool_of(link_id: int) -> dict[int, PoolHost]:
    """The link's hosts in their order, with their weights and priorities."""
    rows = await LinkHost.filter(link_id=link_id).order_by("position")
    return {
        row.user_id: PoolHost(row.user_id, row.weight, row.position, row.priority) for row in rows
    }


async def set_archived(viewer: Viewer, link_id: int, *, archived: bool) -> Link:
    now = datetime.now(UTC)
    link = await get_manageable_link(viewer, link_id)
    if (link.archived_at is not None) == archived:
        return link
    link.archived_at = now if archived else None
    async with transaction():
        await Link.filter(id=link.id).update(archived_at=link.archived_at)
        await webhook_events.record(
            [link_event(link, now, changed=["archived"], actor_user_id=viewer.user_id)]
        )
    return link
