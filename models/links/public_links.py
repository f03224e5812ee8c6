"""What an invitee's key opens: a standard link by ``org-slug/link-slug``, or a single-use token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models.db import prepared
from models.db.tables import Link, MeetingType, SingleUseLink, User
from models.links.rules import (
    KeyStatus,
    OwnerContact,
    effective_expires_at,
    effective_starts_before,
    link_status,
    single_use_status,
)
from models.links.single_use_links import find_by_token

_BY_SLUGS = prepared.Prepared.of(
    f"""
    SELECT {prepared.columns(Link, "l")}, {prepared.columns(User, "o")},
           {prepared.columns(MeetingType, "t")}
    FROM links l
    JOIN organizations g ON g.id = l.organization_id
    JOIN users o ON o.id = l.owner_id
    JOIN meeting_types t ON t.id = l.meeting_type_id
    WHERE g.slug = :org_slug AND l.slug = :link_slug
    """  # noqa: S608 - column lists from the models, values as parameters
)


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    link: Link
    single_use_link: SingleUseLink | None
    owner: User
    status: KeyStatus
    # Until when the key can be used to book; before when its meetings must start.
    expires_at: datetime | None
    starts_before: datetime | None

    @property
    def meeting_type(self) -> MeetingType:
        """Loaded with the link: no further query."""
        return self.link.meeting_type

    @property
    def contact(self) -> OwnerContact:
        return OwnerContact(name=self.owner.name, email=self.owner.email)


async def resolve_key(key: str, now: datetime) -> ResolvedKey | None:
    """None for unknown and malformed keys alike."""
    if len(key) > 200:
        return None
    if "/" in key:
        org_slug, _, link_slug = key.partition("/")
        rows = await prepared.fetch(_BY_SLUGS, {"org_slug": org_slug, "link_slug": link_slug})
        if not rows:
            return None
        link = prepared.instance(Link, rows[0], "l")
        prepared.attach(link, "owner", prepared.instance(User, rows[0], "o"))
        prepared.attach(link, "meeting_type", prepared.instance(MeetingType, rows[0], "t"))
        return ResolvedKey(
            link,
            None,
            link.owner,
            link_status(link, now),
            link.expires_at,
            link.starts_before,
        )
    child = await find_by_token(key)
    if child is None:
        return None
    parent = child.link
    return ResolvedKey(
        parent,
        child,
        parent.owner,
        KeyStatus(single_use_status(child, parent, now).value),
        effective_expires_at(child, parent),
        effective_starts_before(child, parent),
    )
