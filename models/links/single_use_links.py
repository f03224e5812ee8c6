"""Minting, revoking and finding single-use links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from models.accounts.quotas import UNLIMITED, QuotaReached, Quotas
from models.accounts.tokens import hash_secret, mint_secret
from models.accounts.viewer import Viewer
from models.db import prepared, sql_scripts
from models.db.tables import Link, MeetingType, SingleUseLink, User
from models.db.transactions import transaction
from models.errors import ForbiddenError, InvalidInputError, NotFoundError
from models.links import minting_script
from models.links.links import get_visible_link
from models.links.metadata import clean_metadata
from models.links.permissions import may_mint
from models.links.routing import Answer, answers_as_json, clean_answers, questions_of
from models.links.rules import SingleUseStatus, link_is_disabled, single_use_status
from models.validation import FieldErrors, clean_email, clean_future_instant, clean_name
from models.webhooks.events import EventType, record, single_use_link_event

MAX_USES = 1000
MAX_BULK = 500
# token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True, slots=True)
class MintOptions:
    label: str = ""
    expires_at: datetime | None = None
    starts_before: datetime | None = None
    max_uses: int = 1
    invitee_name: str | None = None
    invitee_email: str | None = None
    skip_form: bool | None = None
    lock_to_invitee: bool = False
    metadata: dict[str, Any] | None = field(default=None)
    # Answers to the parent's questions, which the invitee will not be asked.
    answers: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Minted:
    single_use_link: SingleUseLink
    token: str


def _later(errors: FieldErrors, field: str, own: datetime | None, parents: datetime | None) -> bool:
    """Whether a child's valid instant would loosen its parent's (children may only tighten)."""
    return own is not None and parents is not None and not errors.has(field) and own > parents


def _clean(options: MintOptions, parent: Link, now: datetime, errors: FieldErrors) -> MintOptions:
    label = options.label.strip()
    if len(label) > 200:
        errors.add("label", "must be at most 200 characters")
    expires_at = clean_future_instant(errors, "expiresAt", options.expires_at, now)
    if _later(errors, "expiresAt", expires_at, parent.expires_at):
        errors.add("expiresAt", "may only shorten the link's own expiry, not extend it")
    starts_before = clean_future_instant(errors, "startsBefore", options.starts_before, now)
    if _later(errors, "startsBefore", starts_before, parent.starts_before):
        errors.add("startsBefore", "may only bring the link's own cutoff earlier")
    if not 1 <= options.max_uses <= MAX_USES:
        errors.add("maxUses", f"must be between 1 and {MAX_USES}")
    name = options.invitee_name
    email = options.invitee_email
    if name is not None or email is not None:
        if name is None:
            errors.add("invitee.name", "is required with an invitee email")
        else:
            name = clean_name(errors, "invitee.name", name)
        if email is None:
            errors.add("invitee.email", "is required with an invitee name")
        else:
            email = clean_email(errors, "invitee.email", email)
    if options.lock_to_invitee and email is None:
        errors.add("lockToInvitee", "needs an invitee email to lock the link to")
    if options.skip_form and email is None:
        errors.add("skipForm", "needs an invitee to book without the form")
    personalized = email is not None
    return MintOptions(
        label=label,
        expires_at=expires_at,
        starts_before=starts_before,
        max_uses=options.max_uses,
        invitee_name=name,
        invitee_email=email,
        skip_form=personalized if options.skip_form is None else options.skip_form,
        lock_to_invitee=options.lock_to_invitee,
        metadata=clean_metadata(errors, "metadata", options.metadata),
        answers=_carried_answers(errors, parent, options.answers),
    )


def _carried_answers(
    errors: FieldErrors, parent: Link, given: Mapping[str, Answer]
) -> dict[str, Answer]:
    """Checked like the invitee's own, but none is required: the invitee answers the rest."""
    questions = [replace(q, required=False) for q in questions_of(parent.questions)]
    return clean_answers(errors, questions, given)


async def mint_single_use_links(
    viewer: Viewer,
    link_id: int,
    options: MintOptions,
    *,
    count: int = 1,
    quotas: Quotas = UNLIMITED,
) -> list[Minted]:
    """Mint ``count`` children of one link in one transaction: all of them or none. Each
    comes with its parent loaded (``.link``)."""
    now = datetime.now(UTC)
    parent = await get_visible_link(viewer, link_id)
    if not may_mint(viewer, parent):
        raise ForbiddenError("Only the link's owner or an admin may mint single-use links.")
    errors = FieldErrors()
    if not 1 <= count <= MAX_BULK:
        errors.add("count", f"must be between 1 and {MAX_BULK}")
    if link_is_disabled(parent):
        errors.add("linkId", "the link is archived or inactive; restore it first")
    cleaned = _clean(options, parent, now, errors)
    errors.raise_if_any()
    secrets = [mint_secret() for _ in range(count)]
    rows = [
        SingleUseLink(
            link_id=parent.id,
            created_by_id=viewer.user_id,
            token_hash=secret.digest,
            token_prefix=secret.prefix,
            label=cleaned.label,
            expires_at=cleaned.expires_at,
            starts_before=cleaned.starts_before,
            max_uses=cleaned.max_uses,
            invitee_name=cleaned.invitee_name,
            invitee_email=cleaned.invitee_email,
            skip_form=bool(cleaned.skip_form),
            lock_to_invitee=cleaned.lock_to_invitee,
            metadata=cleaned.metadata or {},
            answers=answers_as_json(cleaned.answers),
        )
        for secret in secrets
    ]
    try:
        async with transaction():
            stored = await sql_scripts.run(
                minting_script.insert_children(rows, parent, now, quotas.single_use_links)
            )
    except QuotaReached:
        raise InvalidInputError.single(
            "count",
            f"the organization may hold at most {quotas.single_use_links} single-use links",
        ) from None
    by_hash = {row.token_hash: row for row in stored}
    for row in stored:
        prepared.attach(row, "link", parent)
    return [Minted(by_hash[s.digest], s.plain) for s in secrets]


async def revoke_single_use_link(viewer: Viewer, single_use_link_id: int) -> SingleUseLink:
    child = await SingleUseLink.get_or_none(
        id=single_use_link_id, link__organization_id=viewer.organization_id
    ).select_related("link")
    if child is None:
        raise NotFoundError("No such single-use link.")
    try:
        parent = await get_visible_link(viewer, child.link_id)
    except NotFoundError:
        # The same answer as for an id that does not exist: a child's existence stays hidden.
        raise NotFoundError("No such single-use link.") from None
    if not may_mint(viewer, parent):
        raise ForbiddenError("Only the link's owner or an admin may revoke its single-use links.")
    if child.revoked_at is not None:
        return child
    if single_use_status(child, parent, datetime.now(UTC)) is SingleUseStatus.USED:
        raise InvalidInputError.single("id", "a used single-use link cannot be revoked")
    now = datetime.now(UTC)
    # Conditional on the uses seen, so a booking landing in between wins and is not hidden.
    async with transaction():
        revoked = await SingleUseLink.filter(
            id=child.id, revoked_at__isnull=True, uses=child.uses
        ).update(revoked_at=now)
        if revoked:
            await record(
                [single_use_link_event(EventType.SINGLE_USE_LINK_REVOKED, child, parent, now)]
            )
    if not revoked:
        current = await SingleUseLink.get(id=child.id)
        if current.revoked_at is not None:
            # Another revoke won the race: the outcome the caller asked for, so no error.
            child.revoked_at = current.revoked_at
            return child
        raise InvalidInputError.single("id", "the link was used while revoking; try again")
    child.revoked_at = now
    return child


def looks_like_token(key: str) -> bool:
    return bool(_TOKEN_SHAPE.match(key))


_BY_TOKEN_HASH = prepared.Prepared.of(
    f"""
    SELECT {prepared.columns(SingleUseLink, "c")}, {prepared.columns(Link, "l")},
           {prepared.columns(User, "o")}, {prepared.columns(MeetingType, "t")}
    FROM single_use_links c
    JOIN links l ON l.id = c.link_id
    JOIN users o ON o.id = l.owner_id
    JOIN meeting_types t ON t.id = l.meeting_type_id
    WHERE c.token_hash = :token_hash
    """  # noqa: S608 - column lists from the models, values as parameters
)


async def find_by_token(token: str) -> SingleUseLink | None:
    """The child with its parent, the parent's owner and meeting type loaded, in one query.
    Malformed tokens never reach the database."""
    if not looks_like_token(token):
        return None
    rows = await prepared.fetch(_BY_TOKEN_HASH, {"token_hash": hash_secret(token)})
    if not rows:
        return None
    row = rows[0]
    child = prepared.instance(SingleUseLink, row, "c")
    link = prepared.instance(Link, row, "l")
    prepared.attach(link, "owner", prepared.instance(User, row, "o"))
    prepared.attach(link, "meeting_type", prepared.instance(MeetingType, row, "t"))
    prepared.attach(child, "link", link)
    return child
