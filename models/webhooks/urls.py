"""Which URLs a webhook may be sent to: http(s) only, and in production never an address
inside our own network or in any special-purpose range, so that an endpoint cannot be used to
reach services behind the firewall.

A name is resolved once per delivery, the addresses checked, and the request sent to the
checked address (``Destination``), with the name kept in the Host header and as the TLS server
name: a name that resolves differently a moment later (DNS rebinding) cannot slip past the
check. Refusals never say what a name resolved to, and an internal name refuses exactly like
one that does not resolve, so the messages reveal nothing of the network behind us.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from urllib.parse import urlsplit, urlunsplit

MAX_URL_LENGTH = 2000
NO_PUBLIC_ADDRESS = "must name a host with public addresses only"

# The IANA special-purpose address registries (IPv4 and IPv6), whole: no webhook receiver
# lives in any of them, including those marked globally reachable.
_SPECIAL_PURPOSE: tuple[IPv4Network | IPv6Network, ...] = tuple(
    ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.31.196.0/24",
        "192.52.193.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "192.175.48.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/96",  # unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
        "::ffff:0:0/96",
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local NAT64
        "100::/64",
        "2001::/23",  # Teredo (2001::/32) and the other IETF protocol assignments
        "2001:db8::/32",
        "2002::/16",  # 6to4
        "2620:4f:8000::/48",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
)


class UnsafeUrlError(ValueError):
    """The message says what is wrong, for the field ``url``."""


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a request goes: ``url`` names the checked address; ``host_header`` and
    ``server_name`` (for TLS) keep the name the endpoint was saved with."""

    url: str
    host_header: str
    server_name: str | None


def check_url_shape(url: str) -> str:
    """The cleaned URL, or ``UnsafeUrlError``. Needs no network."""
    cleaned = url.strip()
    if len(cleaned) > MAX_URL_LENGTH:
        raise UnsafeUrlError(f"must be at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError:
        raise UnsafeUrlError("is not a valid URL") from None
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrlError("must be an http:// or https:// URL")
    if not parts.hostname:
        raise UnsafeUrlError("must name a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrlError("must not carry a user name or password")
    if parts.fragment:
        raise UnsafeUrlError("must not carry a fragment")
    if port == 0:
        raise UnsafeUrlError("must not use port 0")
    return cleaned


def is_internal(address: IPv4Address | IPv6Address) -> bool:
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return is_internal(address.ipv4_mapped)
    if not address.is_global or address.is_multicast:
        return True
    return any(address in network for network in _SPECIAL_PURPOSE)


async def resolve_addresses(host: str) -> list[IPv4Address | IPv6Address]:
    try:
        return [ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        raise UnsafeUrlError(NO_PUBLIC_ADDRESS) from None
    # Scoped IPv6 addresses come back as "fe80::1%eth0".
    return [ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


async def check_destination(url: str, *, allow_internal: bool) -> Destination:
    """Resolves the URL's host once and refuses it if any of its addresses is internal.
    Checked when an endpoint is saved and again before every delivery, which is sent to the
    ``Destination`` answered here."""
    parts = urlsplit(url)
    if allow_internal:
        # Nothing to protect: the name is resolved when the request is sent.
        return Destination(url, parts.netloc.rpartition("@")[2], None)
    addresses = await resolve_addresses(parts.hostname or "")
    if not addresses or any(is_internal(address) for address in addresses):
        raise UnsafeUrlError(NO_PUBLIC_ADDRESS)
    # One address is tried, IPv4 first: a receiver is far more often reachable over IPv4.
    return pinned(url, min(addresses, key=lambda address: address.version))


def pinned(url: str, address: IPv4Address | IPv6Address) -> Destination:
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if isinstance(address, IPv6Address) else str(address)
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    original = parts.netloc.rpartition("@")[2]
    return Destination(
        url=urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")),
        host_header=original,
        server_name=host if parts.scheme == "https" else None,
    )
