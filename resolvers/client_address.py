"""The caller's address, believing X-Forwarded-For only from configured reverse proxies."""

from __future__ import annotations

from ipaddress import ip_address

from starlette.requests import HTTPConnection

from config import IPNetwork

UNKNOWN = "unknown"


def _trusted(address: str, proxies: tuple[IPNetwork, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


def client_address(connection: HTTPConnection, proxies: tuple[IPNetwork, ...]) -> str:
    peer = connection.client.host if connection.client else UNKNOWN
    if not proxies or not _trusted(peer, proxies):
        return peer
    forwarded = [hop.strip() for hop in connection.headers.get("x-forwarded-for", "").split(",")]
    # The right-most hop that is not one of our proxies is the client; anything left of it
    # was written by the client itself and proves nothing.
    for hop in reversed([h for h in forwarded if h]):
        if not _trusted(hop, proxies):
            return hop
    return peer
