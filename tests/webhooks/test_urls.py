"""Which webhook URLs are accepted, and which destinations count as internal."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from models.webhooks.urls import UnsafeUrlError, check_destination, check_url_shape, is_internal


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


async def test_a_name_that_resolves_to_loopback_is_refused_in_production() -> None:
    with pytest.raises(UnsafeUrlError, match="internal address"):
        await check_destination("http://localhost:8080/hook", allow_internal=False)


async def test_an_unresolvable_name_is_refused_in_production() -> None:
    with pytest.raises(UnsafeUrlError, match="could not be resolved"):
        await check_destination("https://no-such-host.invalid/hook", allow_internal=False)


async def test_internal_addresses_are_allowed_when_configured() -> None:
    await check_destination("http://127.0.0.1:9000/hook", allow_internal=True)
