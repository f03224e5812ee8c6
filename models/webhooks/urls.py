"""Which URLs a webhook may be sent to: http(s) only, and in production never an address
inside our own network (loopback, private, link-local and other reserved ranges), so that an
endpoint cannot be used to reach services behind the firewall."""

from __future__ import annotations

import asyncio
import socket
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000


class UnsafeUrlError(ValueError):
    """The message says what is wrong, for the field ``url``."""


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
    return not address.is_global or address.is_multicast


async def resolve_addresses(host: str) -> list[IPv4Address | IPv6Address]:
    try:
        return [ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        raise UnsafeUrlError(f"host {host!r} could not be resolved") from None
    # Scoped IPv6 addresses come back as "fe80::1%eth0".
    return [ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


async def check_destination(url: str, *, allow_internal: bool) -> None:
    """Refuses a URL whose host is, or resolves to, an internal address. Checked when an
    endpoint is saved and again before every delivery (DNS may have changed in between)."""
    host = urlsplit(url).hostname or ""
    if allow_internal:
        return
    for address in await resolve_addresses(host):
        if is_internal(address):
            raise UnsafeUrlError(
                f"points to an internal address ({address}); only public addresses are allowed"
            )
