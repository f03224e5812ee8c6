"""The browser app built from web/: its pages' HTML and the hashed assets they load, all from
this origin (nothing from a CDN, so the pages work offline). The invitee's booking page answers
the addresses Slotlink hands out: ``/l/{token}`` and ``/{organization}/{link}``; the owner's
console answers ``/app`` and every address under it."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Receive, Scope, Send

WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"

# Only this origin's scripts, styles and fonts; inline style attributes are the editors'.
PAGE_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
)
NOT_FRAMED = ("'none'",)

_NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Slotlink: page not built</title></head>
<body><h1>{page} is not built</h1>
<p>The browser app's files are missing from <code>web/dist</code>. <code>make serve</code>
builds them; by hand: <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>.</p>
</body></html>"""


def page(
    name: str, *, frame_ancestors: tuple[str, ...] = NOT_FRAMED, dist: Path = WEB_DIST
) -> Response:
    """A built page by its file name, e.g. ``graphiql.html``; ``frame_ancestors`` are the
    sites that may embed it."""
    path = dist / name
    try:
        html = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HTMLResponse(_NOT_BUILT.format(page=name), status_code=503)
    headers = {
        "Content-Security-Policy": PAGE_SECURITY_POLICY.format(
            frame_ancestors=" ".join(frame_ancestors)
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    if frame_ancestors == NOT_FRAMED:
        headers["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
    return HTMLResponse(html, headers=headers)


class BookingPage:
    """The invitee's pages. The key is in the address: the page reads it and asks the API,
    which decides."""

    def __init__(self, frame_ancestors: tuple[str, ...]) -> None:
        self.frame_ancestors = frame_ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = page("index.html", frame_ancestors=self.frame_ancestors)
        await response(scope, receive, send)


async def console_page(_: Request) -> Response:
    """The owner's console, one page whose screens are addresses under /app; never framed, so
    no other site can dress its buttons up as its own."""
    return page("app.html")


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
