"""Results of the meeting type, link and single-use link mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.errors import Forbidden, InvalidInput, NotFound
from schema.links.types import Link, MeetingType, SingleUseLink


@strawberry.type
class MeetingTypeSaved:
    meeting_type: MeetingType


@strawberry.type
class LinkSaved:
    link: Link


@strawberry.type
class SingleUseLinkCreated:
    single_use_link: SingleUseLink
    token: str = strawberry.field(description="The plain token. Shown this once.")
    url: str = strawberry.field(description="The booking URL to send; it embeds the token.")


@strawberry.type
class SingleUseLinksCreated:
    created: list[SingleUseLinkCreated]


@strawberry.type
class SingleUseLinkRevoked:
    single_use_link: SingleUseLink


MeetingTypeResult = Annotated[
    MeetingTypeSaved | InvalidInput | NotFound | Forbidden, strawberry.union("MeetingTypeResult")
]
LinkResult = Annotated[
    LinkSaved | InvalidInput | NotFound | Forbidden, strawberry.union("LinkResult")
]
CreateSingleUseLinkResult = Annotated[
    SingleUseLinkCreated | InvalidInput | NotFound | Forbidden,
    strawberry.union("CreateSingleUseLinkResult"),
]
CreateSingleUseLinksResult = Annotated[
    SingleUseLinksCreated | InvalidInput | NotFound | Forbidden,
    strawberry.union("CreateSingleUseLinksResult"),
]
RevokeSingleUseLinkResult = Annotated[
    SingleUseLinkRevoked | InvalidInput | NotFound | Forbidden,
    strawberry.union("RevokeSingleUseLinkResult"),
]
