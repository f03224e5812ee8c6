"""Which webhook URLs are accepted, and which destinations count as internal."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest

from models.webhooks import urls
from models.webhooks.urls import (
    Destination,
    UnsafeUrlError,
    check_destination,
    check_url_shape,
    is_internal,
    pinned,
)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        # IPv6 forms that embed an IPv4 address, which NAT64 and tunnels deliver inside
        "::10.0.0.1",
        "::127.0.0.1",
        "64:ff9b::a00:1",
        "64:ff9b:1::a00:1",
        "2002:a00:1::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        # other special-purpose ranges, some of them marked globally reachable
        "192.0.0.9",
        "192.31.196.1",
        "192.52.193.1",
        "192.88.99.1",
        "192.175.48.1",
        "198.18.0.1",
        "100::1",
        "2001:db8::1",
        "2620:4f:8000::1",
        "3fff::1",
        "5f00::1",
        "ff02::1",
    ],
)
def test_internal_addresses(address: str) -> None:
    assert is_internal(ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses(address: str) -> None:
    assert not is_internal(ip_address(address))


def test_a_url_is_trimmed() -> None:
    assert (
        check_url_shape("  https://hooks.example.com/x?y=1 ") == "https://hooks.example.com/x?y=1"
    )


def test_a_fragment_is_refused() -> None:
    with pytest.raises(UnsafeUrlError, match="must not carry a fragment"):
        check_url_shape("https://hooks.example.com/x#part")


def test_an_overlong_url_is_refused() -> None:
    with pytest.raises(UnsafeUrlError, match="at most 2000 characters"):
        check_url_shape("https://hooks.example.com/" + "a" * 2000)


async def test_a_public_literal_address_is_accepted_in_production() -> None:
    await check_destination("https://93.184.216.34/hook", allow_internal=False)


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8080/hook", "https://no-such-host.invalid/hook", "http://[::a00:1]/hook"],
    ids=["resolves-to-loopback", "unresolvable", "ipv4-compatible"],
)
async def test_internal_and_unresolvable_names_are_refused_alike(url: str) -> None:
    # The same words for both: the message is no oracle of what exists behind us.
    with pytest.raises(UnsafeUrlError) as refused:
        await check_destination(url, allow_internal=False)
    assert str(refused.value) == "must name a host with public addresses only"


@pytest.mark.parametrize(
    ("url", "address", "expected"),
    [
        (
            "https://hooks.example.com/in?x=1",
            "93.184.216.34",
            Destination("https://93.184.216.34/in?x=1", "hooks.example.com", "hooks.example.com"),
        ),
        (
            "http://hooks.example.com:8080/in",
            "2606:2800:220:1:248:1893:25c8:1946",
            Destination(
                "http://[2606:2800:220:1:248:1893:25c8:1946]:8080/in",
                "hooks.example.com:8080",
                None,
            ),
        ),
    ],
)
def test_a_delivery_goes_to_the_checked_address_under_its_name(
    url: str, address: str, expected: Destination
) -> None:
    assert pinned(url, ip_address(address)) == expected


async def test_a_name_is_resolved_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a name that answers a public address, then (rebinding) a loopback one
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    lookups: list[str] = []

    async def rebinding(host: str) -> list[IPv4Address | IPv6Address]:
        lookups.append(host)
        return [ip_address(address) for address in next(answers)]

    monkeypatch.setattr(urls, "resolve_addresses", rebinding)

    # when a delivery is checked
    destination = await check_destination("https://hooks.example.com/in", allow_internal=False)

    # then it goes to the address that was checked, whatever the name answers next
    assert lookups == ["hooks.example.com"]
    assert destination.url == "https://93.184.216.34/in"


async def test_internal_addresses_are_allowed_when_configured() -> None:
    await check_destination("http://127.0.0.1:9000/hook", allow_internal=True)
