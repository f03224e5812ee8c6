"""The invitee's side: a key in, a booking page (or a reason) out."""

from __future__ import annotations

from datetime import UTC, datetime

from models.booking import change_policy
from models.db.tables import LinkHost
from models.links.public_links import resolve_key
from models.links.routing import questions_of
from models.links.rules import KeyStatus, unavailable_message
from resolvers.context import Info
from schema.errors import LinkUnavailable, LinkUnavailableReason
from schema.links.assignment import Assignment
from schema.links.change_policy import ChangePolicy
from schema.links.routing import Question
from schema.links.types import LinkType, LocationKind
from schema.public.types import (
    Prefill,
    PublicLink,
    PublicLinkResult,
)


async def public_link(info: Info, key: str, skip_form: bool | None = None) -> PublicLinkResult:
    async with info.context.failed_lookups.attempt(key) as attempt:
        resolved = await resolve_key(key.strip(), datetime.now(UTC))
        if resolved is None or resolved.status is not KeyStatus.ACTIVE:
            attempt.fail()
            info.context.outcomes.append("LinkUnavailable")
    if resolved is None:
        return LinkUnavailable(
            reason=LinkUnavailableReason.NOT_FOUND, message=unavailable_message(None, None)
        )
    if resolved.status is not KeyStatus.ACTIVE:
        return LinkUnavailable(
            reason=LinkUnavailableReason(resolved.status.value),
            message=unavailable_message(resolved.status, resolved.contact),
        )
    link, child = resolved.link, resolved.single_use_link
    meeting_type = resolved.meeting_type
    hosts = await LinkHost.filter(link_id=link.id).order_by("position").select_related("user")
    personalized = child is not None and child.invitee_email is not None
    return PublicLink(
        kind=LinkType.SINGLE_USE if child is not None else LinkType.STANDARD,
        title=link.name,
        meeting_type_name=meeting_type.name,
        description=meeting_type.description,
        duration_minutes=meeting_type.duration_minutes,
        location_kind=LocationKind(meeting_type.location_kind.value),
        host_names=[h.user.name for h in hosts],
        assignment=Assignment(link.assignment.value),
        questions=[
            Question.of(question)
            for question in questions_of(link.questions)
            if child is None or question.key not in child.answers
        ],
        owner_name=resolved.owner.name,
        owner_email=resolved.owner.email,
        expires_at=resolved.expires_at,
        starts_before=resolved.starts_before,
        prefill=Prefill(name=child.invitee_name or "", email=child.invitee_email or "")
        if child is not None and personalized
        else None,
        skip_form=(child.skip_form if skip_form is None else skip_form)
        if child is not None and personalized
        else False,
        lock_to_invitee=child.lock_to_invitee if child is not None else False,
        change_policy=ChangePolicy.of(change_policy.ChangePolicy.of(link)),
        link=link,
        meeting_type=meeting_type,
        host_ids=[h.user_id for h in hosts],
    )
