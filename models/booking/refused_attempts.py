"""The owner's record of attempts to reuse a single-use link ("unauthorized follow-ups")."""

from __future__ import annotations

from datetime import datetime

from models.db.tables import RefusedAttempt
from models.errors import RefusedUse

# The reason of an attempt refused because the email was not the invitee's, beside the
# statuses a single-use link can refuse in (USED, EXPIRED, REVOKED, DISABLED).
NOT_INVITEE = "NOT_INVITEE"


async def record_refused_attempt(
    refused: RefusedUse, reason: str, invitee_email: str, now: datetime
) -> None:
    await RefusedAttempt.create(
        organization_id=refused.organization_id,
        link_id=refused.link_id,
        single_use_link_id=refused.single_use_link_id,
        reason=reason,
        invitee_email=invitee_email[:320],
        occurred_at=now,
    )
