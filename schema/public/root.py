"""Root fields an anonymous invitee may use."""

from __future__ import annotations

import strawberry

from resolvers import public as resolve
from schema.public.types import PublicLinkResult


@strawberry.type
class PublicQuery:
    public_link: PublicLinkResult = strawberry.field(
        resolver=resolve.public_link,
        description="A booking page by `org-slug/link-slug` or single-use token. "
        "`skipForm: false` asks to show the booking form of a personalized link.",
    )
