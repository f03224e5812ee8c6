"""The rows behind ``node(id:)`` for the types that have no per-request loader: those the
caller may see, in one statement per type, read through the domain's own visibility rules."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Subquery

from models.db.tables import RefusedAttempt, WebhookDelivery, WebhookEndpoint
from models.reporting.permissions import may_see_refused_attempt
from models.webhooks.endpoints import visible_endpoints
from resolvers.context import Info


def _known(ids: Sequence[int | None]) -> list[int]:
    return [i for i in ids if i is not None]


async def refused_attempts(info: Info, ids: Sequence[int | None]) -> list[RefusedAttempt]:
    viewer = info.context.viewer
    if viewer is None:
        return []
    found = await RefusedAttempt.filter(
        id__in=_known(ids), organization_id=viewer.organization_id
    ).select_related("link")
    return [row for row in found if may_see_refused_attempt(viewer, row.link.owner_id)]


async def webhook_endpoints(info: Info, ids: Sequence[int | None]) -> list[WebhookEndpoint]:
    viewer = info.context.viewer
    if viewer is None:
        return []
    return await visible_endpoints(viewer).filter(id__in=_known(ids))


async def webhook_deliveries(info: Info, ids: Sequence[int | None]) -> list[WebhookDelivery]:
    viewer = info.context.viewer
    if viewer is None:
        return []
    return await WebhookDelivery.filter(
        id__in=_known(ids), endpoint_id__in=Subquery(visible_endpoints(viewer).values("id"))
    ).select_related("event")
