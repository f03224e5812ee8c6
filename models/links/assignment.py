"""Who attends a meeting booked through a link: every host (collective), one host of a pool
picked at booking time (round robin), or one fixed host (static). Pure rules; the booking
transaction applies them to what it reads under its lock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from fractions import Fraction


class Assignment(StrEnum):
    COLLECTIVE = "COLLECTIVE"
    ROUND_ROBIN = "ROUND_ROBIN"
    # Round robin within the pool the booking's answers route to (models/links/routing.py).
    RULES = "RULES"
    STATIC = "STATIC"

    @property
    def picks_one_host(self) -> bool:
        """One host attends, picked among those free: the invitee is offered a time when any
        host of the pool is free, not only when all are."""
        return self in (Assignment.ROUND_ROBIN, Assignment.RULES)

    @property
    def is_dynamic(self) -> bool:
        """The host is decided per booking (OnceHub's "Dynamic" rule type)."""
        return self.picks_one_host


# Round robin balances the bookings made through the link over this long.
ROUND_ROBIN_WINDOW = timedelta(days=30)
WEIGHT_RANGE = (1, 100)
# Five levels, as Calendly has them (lowest to highest); the middle one unless set.
PRIORITY_RANGE = (1, 5)
DEFAULT_PRIORITY = 3


@dataclass(frozen=True, slots=True)
class HostSettings:
    """A pool host's share of the meetings; None: as it is (on a new host: the default)."""

    weight: int | None = None
    priority: int | None = None


@dataclass(frozen=True, slots=True)
class PoolHost:
    user_id: int
    weight: int
    # The link's order of its hosts: the last tie-break.
    position: int
    priority: int = DEFAULT_PRIORITY


@dataclass(frozen=True, slots=True)
class HostLoad:
    """Bookings through the link within the window, and when the latest was made."""

    bookings: int
    last_booked_at: datetime | None


NO_LOAD = HostLoad(bookings=0, last_booked_at=None)
NEVER = datetime.min.replace(tzinfo=UTC)


def round_robin_order(pool: Sequence[PoolHost], loads: Mapping[int, HostLoad]) -> list[int]:
    """The pool's hosts, the next to book first: the highest priority, then the fewest bookings
    for their weight, then the one booked least recently (never booked first), then the link's
    order."""

    def turn(host: PoolHost) -> tuple[int, Fraction, datetime, int]:
        load = loads.get(host.user_id, NO_LOAD)
        return (
            -host.priority,
            Fraction(load.bookings, host.weight),
            load.last_booked_at or NEVER,
            host.position,
        )

    return [host.user_id for host in sorted(pool, key=turn)]
