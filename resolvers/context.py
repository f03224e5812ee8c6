"""What every resolver receives in ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.validation import ASTValidationRule
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from config import Settings
from models.accounts.viewer import Viewer, require_viewer
from models.live.subscribers import LiveEvents
from observability.metrics import Metrics
from resolvers.failed_lookups import FailedLookupGuard
from resolvers.loaders import Loaders
from schema.document_measure import CostModel


@dataclass(slots=True)
class Context:
    # A WebSocket for subscriptions.
    request: Request | WebSocket
    response: Response | None
    settings: Settings
    viewer: Viewer | None
    loaders: Loaders
    limit_rules: tuple[type[ASTValidationRule], ...]
    cost_model: CostModel
    request_id: str
    failed_lookups: FailedLookupGuard
    metrics: Metrics
    # Typed problems returned by this request's root fields, for the log and the metrics.
    outcomes: list[str] = field(default_factory=list)
    # Set when a shared cache may keep the answer to a GET this many seconds.
    shared_cache_seconds: int = 0
    # Committed changes, for subscriptions.
    live_feed: LiveEvents | None = None
    # A WebSocket's connection_init payload.
    connection_params: dict[str, object] | None = None

    def require_viewer(self) -> Viewer:
        return require_viewer(self.viewer)


Info = StrawberryInfo[Context, None]
