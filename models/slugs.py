"""URL-safe slugs made from names."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
# A standard link's address is /{organization}/{link}: an organization may not be named like the
# server's own first path segments, whose routes would shadow its links.
RESERVED_ORGANIZATION_SLUGS = frozenset(
    {
        "l",
        "m",
        "app",
        "assets",
        "graphql",
        "session",
        "healthz",
        "readyz",
        "metrics",
        "reports",
        "bookings",
    }
)


def slugify(name: str, *, fallback: str = "link") -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def is_valid_slug(value: str) -> bool:
    return bool(SLUG_PATTERN.match(value))
