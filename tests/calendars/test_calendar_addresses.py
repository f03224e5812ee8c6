"""Where a meeting is written: to the address that was checked when the write began, under
the calendar's own name, as webhook deliveries are; a name that resolves inside our network
is not written to at all."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

import httpx
import pytest

from models.calendars.sources import CalDavAccount, CalDavCalendar, CalendarUnreadable
from models.webhooks import urls

CALENDAR = "https://dav.example.com/calendars/hana/meetings/"
UID = "booking-7@slotlink.test"


def _resolving(monkeypatch: pytest.MonkeyPatch, *answers: list[str]) -> list[str]:
    """The calendar's name answers these addresses, one list per lookup."""
    remaining = iter(answers)
    lookups: list[str] = []

    async def resolve(host: str) -> list[IPv4Address | IPv6Address]:
        lookups.append(host)
        return [ip_address(address) for address in next(remaining)]

    monkeypatch.setattr(urls, "resolve_addresses", resolve)
    return lookups


def _calendar(seen: list[httpx.Request]) -> CalDavCalendar:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201)

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return CalDavCalendar(CalDavAccount(CALENDAR, "hana", "secret"), http)


async def test_a_meeting_is_written_to_the_checked_address_under_the_calendars_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a name that answers a public address, then (rebinding) a loopback one
    lookups = _resolving(monkeypatch, ["93.184.216.34"], ["127.0.0.1"])
    seen: list[httpx.Request] = []

    # when a meeting is written
    await _calendar(seen).put_event(UID, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    # then the one lookup decided where it went, and the server saw its own name
    assert lookups == ["dav.example.com"]
    [request] = seen
    assert (
        str(request.url)
        == "https://93.184.216.34/calendars/hana/meetings/booking-7%40slotlink.test.ics"
    )
    assert request.headers["host"] == "dav.example.com"
    assert request.extensions["sni_hostname"] == "dav.example.com"
    assert request.headers["authorization"].startswith("Basic ")


async def test_a_calendar_whose_name_resolves_inside_our_network_is_not_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _resolving(monkeypatch, ["10.0.0.7"])
    seen: list[httpx.Request] = []

    with pytest.raises(CalendarUnreadable, match="not written: the URL"):
        await _calendar(seen).delete_event(UID)

    assert seen == []
