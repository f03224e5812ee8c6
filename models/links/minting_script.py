"""Minting's inserts as one script (see ``models.db.sql_scripts``): the single-use links and their
``single_use_link.created`` events, in one hop on SQLite. Call inside ``transaction()``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson

from models.accounts.quotas import QuotaReached, take_single_use_links
from models.db.prepared import Prepared
from models.db.sql_scripts import Script, Step
from models.db.tables import Link, SingleUseLink
from models.webhooks.events import EventType, outbox_step, single_use_link_event

_CHILDREN = """
    INSERT INTO single_use_links (
        link_id, created_by_id, created_at, token_hash, token_prefix, label, expires_at,
        starts_before, max_uses, uses, invitee_name, invitee_email, skip_form, lock_to_invitee,
        metadata, answers, expiry_announced
    ) VALUES {rows}
    RETURNING id, token_hash
"""
_CHILD = (
    "(:link_id, :created_by_id, :now, :hash{n}, :prefix{n}, :label, :expires_at, "
    ":starts_before, :max_uses, 0, :invitee_name, :invitee_email, :skip_form, "
    ":lock_to_invitee, :metadata, :answers, :no)"
)


def insert_children(
    children: Sequence[SingleUseLink], parent: Link, now: datetime, quota: int
) -> Script[list[SingleUseLink]]:
    """``children``: unsaved, alike but for their tokens. Returns them saved, in order.
    ``QuotaReached`` when the organization may not hold that many more."""
    if (yield take_single_use_links(parent.organization_id, len(children), quota)) != 1:
        raise QuotaReached
    first = children[0]
    inserted = yield Step(
        Prepared.of(
            _CHILDREN.format(rows=", ".join(_CHILD.format(n=n) for n in range(len(children))))
        ),
        {
            "link_id": parent.id,
            "created_by_id": first.created_by_id,
            "now": now,
            "label": first.label,
            "expires_at": first.expires_at,
            "starts_before": first.starts_before,
            "max_uses": first.max_uses,
            "invitee_name": first.invitee_name,
            "invitee_email": first.invitee_email,
            "skip_form": first.skip_form,
            "lock_to_invitee": first.lock_to_invitee,
            "metadata": orjson.dumps(first.metadata).decode(),
            "answers": orjson.dumps(first.answers).decode(),
            "no": False,
            **_per_child(children),
        },
        returns_rows=True,
    )
    assert isinstance(inserted, list)
    ids = {str(row["token_hash"]): int(row["id"]) for row in inserted}
    for child in children:
        child.id = ids[child.token_hash]
        child.created_at = now
        child._saved_in_db = True
    saved = sorted(children, key=lambda child: child.id)
    events = [
        single_use_link_event(EventType.SINGLE_USE_LINK_CREATED, child, parent, now)
        for child in saved
    ]
    yield outbox_step(events)
    return saved


def _per_child(children: Sequence[SingleUseLink]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for n, child in enumerate(children):
        values[f"hash{n}"] = child.token_hash
        values[f"prefix{n}"] = child.token_prefix
    return values
