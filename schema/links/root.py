"""Root fields of the links domain."""

from __future__ import annotations

import strawberry

from resolvers import links as resolve
from schema.links.payloads import (
    CreateSingleUseLinkResult,
    CreateSingleUseLinksResult,
    LinkResult,
    MeetingTypeResult,
    RevokeSingleUseLinkResult,
)
from schema.links.types import Link, MeetingType, SingleUseLink
from schema.pagination import Connection


@strawberry.type
class LinksQuery:
    meeting_types: list[MeetingType] = strawberry.field(resolver=resolve.list_meeting_types)
    links: Connection[Link] = strawberry.field(
        resolver=resolve.list_links,
        description="Admins: the organization's links. Members: those they own or host.",
    )
    link: Link | None = strawberry.field(resolver=resolve.get_link)
    single_use_links: Connection[SingleUseLink] = strawberry.field(
        resolver=resolve.list_single_use_links,
        description=(
            "Single-use links of every link the caller sees (admins: the organization's; "
            "members: of links they own or host), newest first."
        ),
    )


@strawberry.type
class LinksMutation:
    create_meeting_type: MeetingTypeResult = strawberry.mutation(
        resolver=resolve.create_meeting_type
    )
    update_meeting_type: MeetingTypeResult = strawberry.mutation(
        resolver=resolve.update_meeting_type
    )
    create_link: LinkResult = strawberry.mutation(resolver=resolve.create_link)
    update_link: LinkResult = strawberry.mutation(
        resolver=resolve.update_link,
        description="Every single-use child sees the change on its next read.",
    )
    archive_link: LinkResult = strawberry.mutation(resolver=resolve.archive_link)
    restore_link: LinkResult = strawberry.mutation(resolver=resolve.restore_link)
    create_single_use_link: CreateSingleUseLinkResult = strawberry.mutation(
        resolver=resolve.create_single_use_link
    )
    create_single_use_links: CreateSingleUseLinksResult = strawberry.mutation(
        resolver=resolve.create_single_use_links, description="Bulk minting, all or nothing."
    )
    revoke_single_use_link: RevokeSingleUseLinkResult = strawberry.mutation(
        resolver=resolve.revoke_single_use_link, description="Only while not used."
    )
