"""Meeting types, links and single-use links: thin calls into the domain."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from strawberry import relay
from tortoise.expressions import Q

from models.accounts.permissions import require
from models.accounts.quotas import Quotas
from models.booking.change_policy import PolicyChanges
from models.db.tables import BookableBy as BookableByRow
from models.db.tables import LocationKind as LocationKindRow
from models.db.tables import MeetingType as MeetingTypeRow
from models.errors import InvalidInputError, NotFoundError
from models.links import links, meeting_types, routing, single_use_links
from models.links.assignment import Assignment as AssignmentRow
from models.links.assignment import HostSettings
from models.links.permissions import may_manage_meeting_types
from models.links.rules import SingleUseStatus, links_in
from models.links.single_use_link_search import (
    MAX_LABEL_SEARCH,
    SingleUseLinkSearch,
    count_single_use_links,
    search_single_use_links,
)
from models.validation import FieldErrors, clean_optional_instant
from resolvers.context import Info
from resolvers.ids import decode_id
from resolvers.link_relations import links_with_relations
from resolvers.pagination import decode_cursor, encode_cursor, page_size
from schema.links.inputs import (
    CreateLinkInput,
    CreateMeetingTypeInput,
    CreateSingleUseLinkInput,
    CreateSingleUseLinksInput,
    HostSettingsInput,
    InviteeInput,
    LinkIdInput,
    LinksFilter,
    RevokeSingleUseLinkInput,
    SingleUseLinksFilter,
    UpdateLinkInput,
    UpdateMeetingTypeInput,
)
from schema.links.payloads import (
    LinkSaved,
    MeetingTypeSaved,
    SingleUseLinkCreated,
    SingleUseLinkRevoked,
    SingleUseLinksCreated,
)
from schema.links.routing import RoutingRuleInput, answers_given
from schema.links.types import Link, LocationKind, MeetingType, SingleUseLink
from schema.pagination import Connection, connection_of


def _kind(kind: LocationKind | None) -> LocationKindRow | None:
    return None if kind is None else LocationKindRow(kind.value)


def _ids(global_ids: list[relay.GlobalID] | None, type_name: str, field: str) -> list[int] | None:
    if global_ids is None:
        return None
    try:
        return [decode_id(g, type_name) for g in global_ids]
    except NotFoundError:
        raise InvalidInputError.single(field, f"every id must be a {type_name} id") from None


def _id(global_id: relay.GlobalID | None, type_name: str, field: str) -> int | None:
    ids = _ids(None if global_id is None else [global_id], type_name, field)
    return None if ids is None else ids[0]


async def list_meeting_types(info: Info) -> list[MeetingType]:
    viewer = info.context.require_viewer()
    rows = await MeetingTypeRow.filter(organization_id=viewer.organization_id).order_by(
        "name", "id"
    )
    return [MeetingType.from_row(row) for row in rows]


async def create_meeting_type(info: Info, input: CreateMeetingTypeInput) -> MeetingTypeSaved:
    viewer = info.context.require_viewer()
    require(may_manage_meeting_types(viewer))
    row = await meeting_types.create_meeting_type(
        viewer.organization_id,
        meeting_types.MeetingTypeFields(
            name=input.name,
            duration_minutes=input.duration_minutes,
            location_kind=_kind(input.location_kind),
            location_details=input.location_details,
            description=input.description,
            buffer_before_minutes=input.buffer_before_minutes,
            buffer_after_minutes=input.buffer_after_minutes,
        ),
    )
    return MeetingTypeSaved(meeting_type=MeetingType.from_row(row))


async def update_meeting_type(info: Info, input: UpdateMeetingTypeInput) -> MeetingTypeSaved:
    viewer = info.context.require_viewer()
    require(may_manage_meeting_types(viewer))
    row = await meeting_types.update_meeting_type(
        viewer.organization_id,
        decode_id(input.id, "MeetingType"),
        meeting_types.MeetingTypeFields(
            name=input.name,
            duration_minutes=input.duration_minutes,
            location_kind=_kind(input.location_kind),
            location_details=input.location_details,
            description=input.description,
            buffer_before_minutes=input.buffer_before_minutes,
            buffer_after_minutes=input.buffer_after_minutes,
        ),
    )
    return MeetingTypeSaved(meeting_type=MeetingType.from_row(row))


async def list_links(
    info: Info,
    filter: LinksFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Link]:
    viewer = info.context.require_viewer()
    limit = page_size(first)
    after_id = decode_cursor(after)
    query = links.visible_links(viewer)
    if filter is not None:
        owner_id = _id(filter.owner_id, "User", "filter.ownerId")
        if owner_id is not None:
            query = query.filter(owner_id=owner_id)
        if filter.status is not None:
            query = query.filter(links_in(filter.status, datetime.now(UTC)))
        if filter.active is True:
            query = query.filter(is_active=True, archived_at__isnull=True)
        elif filter.active is False:
            query = query.filter(Q(is_active=False) | Q(archived_at__isnull=False))
        if filter.search:
            term = filter.search.strip()
            query = query.filter(Q(name__icontains=term) | Q(slug__icontains=term))
    total = await query.count()
    page_query = query.filter(id__lt=after_id) if after_id is not None else query
    rows = await page_query.order_by("-id").limit(limit + 1)
    nodes = {link.row.id: link for link in await links_with_relations(info, rows[:limit])}
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_cursor(row.id),
        node=lambda row: nodes[row.id],
        total=total,
        after_given=after_id is not None,
    )


async def get_link(info: Info, id: relay.GlobalID) -> Link | None:
    viewer = info.context.require_viewer()
    try:
        row = await links.get_visible_link(viewer, decode_id(id, "Link"))
    except NotFoundError:
        return None
    return Link.for_context(info, row)


def _host_settings(given: list[HostSettingsInput] | None) -> dict[int, HostSettings] | None:
    if given is None:
        return None
    ids = _ids([each.user_id for each in given], "User", "hostSettings") or []
    return {
        user_id: HostSettings(weight=each.weight, priority=each.priority)
        for user_id, each in zip(ids, given, strict=True)
    }


def _rules(given: list[RoutingRuleInput] | None) -> list[routing.Rule] | None:
    if given is None:
        return None
    return [
        routing.Rule(
            question=rule.question,
            operator=routing.Operator(rule.operator.value),
            host_ids=tuple(_ids(rule.host_ids, "User", f"routingRules[{i}].hostIds") or []),
            values=tuple(rule.values),
            minimum=rule.minimum,
            maximum=rule.maximum,
        )
        for i, rule in enumerate(given)
    ]


def _link_fields(input: CreateLinkInput | UpdateLinkInput) -> links.LinkFields:
    metadata: Any = input.metadata
    return links.LinkFields(
        name=input.name,
        slug=input.slug,
        meeting_type_id=_id(input.meeting_type_id, "MeetingType", "meetingTypeId"),
        host_ids=_ids(input.host_ids, "User", "hostIds"),
        expires_at=input.expires_at,
        clear_expiry=getattr(input, "clear_expiry", False),
        starts_before=input.starts_before,
        clear_starts_before=getattr(input, "clear_starts_before", False),
        minimum_notice_minutes=input.minimum_notice_minutes,
        booking_horizon_days=input.booking_horizon_days,
        slot_interval_minutes=input.slot_interval_minutes,
        is_active=getattr(input, "active", None),
        bookable_by=None if input.bookable_by is None else BookableByRow(input.bookable_by.value),
        assignment=None if input.assignment is None else AssignmentRow(input.assignment.value),
        host_settings=_host_settings(input.host_settings),
        questions=None
        if input.questions is None
        else [question.question() for question in input.questions],
        routing_rules=_rules(input.routing_rules),
        change_policy=PolicyChanges()
        if input.change_policy is None
        else input.change_policy.changes(),
        metadata=metadata,
    )


async def create_link(info: Info, input: CreateLinkInput) -> LinkSaved:
    viewer = info.context.require_viewer()
    row = await links.create_link(
        viewer,
        _link_fields(input),
        owner_id=_id(input.owner_id, "User", "ownerId"),
        quotas=Quotas.configured(info.context.settings.limits),
    )
    return LinkSaved(link=Link.for_context(info, row))


async def update_link(info: Info, input: UpdateLinkInput) -> LinkSaved:
    viewer = info.context.require_viewer()
    row = await links.update_link(viewer, decode_id(input.id, "Link"), _link_fields(input))
    return LinkSaved(link=Link.for_context(info, row))


async def archive_link(info: Info, input: LinkIdInput) -> LinkSaved:
    viewer = info.context.require_viewer()
    row = await links.set_archived(viewer, decode_id(input.id, "Link"), archived=True)
    return LinkSaved(link=Link.for_context(info, row))


async def restore_link(info: Info, input: LinkIdInput) -> LinkSaved:
    viewer = info.context.require_viewer()
    row = await links.set_archived(viewer, decode_id(input.id, "Link"), archived=False)
    return LinkSaved(link=Link.for_context(info, row))


def _mint_options(
    input: CreateSingleUseLinkInput | CreateSingleUseLinksInput,
) -> single_use_links.MintOptions:
    invitee: InviteeInput | None = input.invitee
    metadata: Any = input.metadata
    return single_use_links.MintOptions(
        label=input.label,
        expires_at=input.expires_at,
        starts_before=input.starts_before,
        max_uses=input.max_uses,
        invitee_name=invitee.name if invitee else None,
        invitee_email=invitee.email if invitee else None,
        skip_form=input.skip_form,
        lock_to_invitee=input.lock_to_invitee,
        metadata=metadata,
        answers=answers_given(input.answers),
    )


async def _mint(
    info: Info, link_global_id: relay.GlobalID, options: single_use_links.MintOptions, count: int
) -> list[SingleUseLinkCreated]:
    viewer = info.context.require_viewer()
    link_id = decode_id(link_global_id, "Link")
    minted = await single_use_links.mint_single_use_links(
        viewer,
        link_id,
        options,
        count=count,
        quotas=Quotas.configured(info.context.settings.limits),
    )
    info.context.metrics.single_use_links_minted.inc(len(minted))
    parent = Link.for_context(info, minted[0].single_use_link.link)
    now = datetime.now(UTC)
    base = info.context.settings.public_url
    return [
        SingleUseLinkCreated(
            single_use_link=SingleUseLink.build(m.single_use_link, parent, now),
            token=m.token,
            url=f"{base}/l/{m.token}",
        )
        for m in minted
    ]


async def create_single_use_link(
    info: Info, input: CreateSingleUseLinkInput
) -> SingleUseLinkCreated:
    return (await _mint(info, input.link_id, _mint_options(input), 1))[0]


async def create_single_use_links(
    info: Info, input: CreateSingleUseLinksInput
) -> SingleUseLinksCreated:
    return SingleUseLinksCreated(
        created=await _mint(info, input.link_id, _mint_options(input), input.count)
    )


async def revoke_single_use_link(
    info: Info, input: RevokeSingleUseLinkInput
) -> SingleUseLinkRevoked:
    viewer = info.context.require_viewer()
    child = await single_use_links.revoke_single_use_link(
        viewer, decode_id(input.id, "SingleUseLink")
    )
    parent = Link.for_context(info, child.link)
    return SingleUseLinkRevoked(
        single_use_link=SingleUseLink.build(child, parent, datetime.now(UTC))
    )


async def list_single_use_links(
    info: Info,
    filter: SingleUseLinksFilter | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[SingleUseLink]:
    """Across every link the caller may see: admins the organization's, members those they
    own or host."""
    viewer = info.context.require_viewer()
    limit = page_size(first)
    before_id = decode_cursor(after)
    search = _search(filter)
    rows, total = await asyncio.gather(
        search_single_use_links(viewer, search, take=limit + 1, before_id=before_id),
        count_single_use_links(viewer, search),
    )
    parent_rows = await info.context.loaders.link_by_id.load_many(
        list(dict.fromkeys(row.link_id for row in rows[:limit]))
    )
    parents = {row.id: Link.for_context(info, row) for row in parent_rows if row is not None}
    now = datetime.now(UTC)
    return connection_of(
        rows,
        limit=limit,
        cursor=lambda row: encode_cursor(row.id),
        node=lambda row: SingleUseLink.build(row, parents[row.link_id], now),
        total=total,
        after_given=before_id is not None,
    )


def _search(given: SingleUseLinksFilter | None) -> SingleUseLinkSearch:
    if given is None:
        return SingleUseLinkSearch()
    errors = FieldErrors()
    label = given.label
    if label is not None and len(label) > MAX_LABEL_SEARCH:
        errors.add("filter.label", f"must be at most {MAX_LABEL_SEARCH} characters")
    created_from = clean_optional_instant(errors, "filter.createdFrom", given.created_from)
    created_to = clean_optional_instant(errors, "filter.createdTo", given.created_to)
    errors.raise_if_any()
    return SingleUseLinkSearch(
        status=None if given.status is None else SingleUseStatus(given.status.value),
        owner_id=_id(given.owner_id, "User", "filter.ownerId"),
        label=label,
        created_from=created_from,
        created_to=created_to,
    )
