"""The browser app built from web/: its pages' HTML and the hashed assets they load, all from
this origin (nothing from a CDN, so the pages work offline). The invitee's booking page answers
the addresses Slotlink hands out: ``/l/{token}`` and ``/{organization}/{link}``."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"

# Only this origin's scripts, styles and fonts; inline style attributes are the editors'.
PAGE_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

_NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Slotlink: page not built</title></head>
<body><h1>{page} is not built</h1>
<p>The browser app's files are missing from <code>web/dist</code>. <code>make serve</code>
builds them; by hand: <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>
</body></html>"""


def page(name: str, dist: Path = WEB_DIST) -> Response:
    """A built page by its file name, e.g. ``graphiql.html``."""
    path = dist / name
    try:
        html = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HTMLResponse(_NOT_BUILT.format(page=name), status_code=503)
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": PAGE_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


async def booking_page(_: Request) -> Response:
    """The key is in the address: the page reads it and asks the API, which decides."""
    return page("index.html")


class BuiltAssets(StaticFiles):
    """The hashed files under /assets/. Before the first build there are none: 404, where
    Starlette would fail every request for a missing directory."""

    def __init__(self, dist: Path = WEB_DIST) -> None:
        super().__init__(directory=dist / "assets", check_dir=False)

    async def check_config(self) -> None:
        return None

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        # Hashed names: a file never changes under its name.
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
