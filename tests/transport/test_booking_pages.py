"""Every address Slotlink hands out to invitees opens the booking page (the browser app built
from web/), with headers fit for a page whose address holds a token; the API's own routes
keep precedence. The page itself is tested in headless Chromium (web/e2e/booking.spec.ts)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from config import ConfigError, Settings, load_settings
from tests.conftest import GraphQLClient, app_client
from tests.support.databases import Backend


@pytest.mark.parametrize(
    "path",
    [
        "/l/Dj1Lnn34_BXqqQA4nGQwoEuGedLNSnnYFbX3d3nkY4o",
        "/m/m_8jcSoT3BMubuV3wIKgKIFysB0cF7TQwJwqbzoLBtnDk",
        "/acme/discovery-call",
    ],
)
async def test_an_invitee_address_opens_the_booking_page(client: GraphQLClient, path: str) -> None:
    response = await client.http.get(path)

    assert response.status_code == 200
    assert '<div id="app"></div>' in response.text
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/app", "/app/", "/app/meetings", "/app/links/TGluazox"])
async def test_the_console_answers_every_address_under_app(
    client: GraphQLClient, path: str
) -> None:
    response = await client.http.get(path)

    assert response.status_code == 200
    assert '<div id="console"></div>' in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


async def test_the_console_is_never_framed_even_where_booking_pages_may_be(
    db: Backend, settings: Settings
) -> None:
    async with app_client(replace(settings, frame_ancestors=("'self'",))) as embeddable:
        console = await embeddable.http.get("/app/meetings")

    assert "frame-ancestors 'none'" in console.headers["content-security-policy"]


async def test_the_page_assets_are_cached_for_good(client: GraphQLClient) -> None:
    page = await client.http.get("/l/anything")
    [script] = [part.split('"')[0] for part in page.text.split('src="')[1:]]

    asset = await client.http.get(script)

    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_the_api_routes_keep_precedence(client: GraphQLClient) -> None:
    health = await client.http.get("/healthz")
    csv = await client.http.get("/reports/single-use-links.csv")
    missing_asset = await client.http.get("/assets/nothing.js")

    assert health.json() == {"status": "ok"}
    assert csv.status_code == 401
    assert missing_asset.status_code == 404


async def test_the_pages_are_not_framed_unless_allowed(db: Backend, settings: Settings) -> None:
    async with (
        app_client(settings) as default,
        app_client(
            replace(settings, frame_ancestors=("https://www.example.com", "'self'"))
        ) as embeddable,
    ):
        alone = await default.http.get("/l/anything")
        framed = await embeddable.http.get("/l/anything")

    assert "frame-ancestors 'none'" in alone.headers["content-security-policy"]
    assert alone.headers["x-frame-options"] == "DENY"
    assert framed.headers["content-security-policy"].endswith(
        "frame-ancestors https://www.example.com 'self'"
    )
    assert "x-frame-options" not in framed.headers


def test_frame_ancestors_are_read_and_checked() -> None:
    read = load_settings({"SLOTLINK_FRAME_ANCESTORS": "https://*.example.com 'self'"})

    assert read.frame_ancestors == ("https://*.example.com", "'self'")
    assert load_settings({}).frame_ancestors == ("'none'",)
    for bad in ["'none' 'self'", "example.com", "https://a.com; script-src *", "https://a*.com"]:
        with pytest.raises(ConfigError, match="SLOTLINK_FRAME_ANCESTORS"):
            load_settings({"SLOTLINK_FRAME_ANCESTORS": bad})
