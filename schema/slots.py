"""Bookable start times, as a link offers them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from schema.errors import ChangeNotAllowed, InvalidInput, LinkUnavailable, RateLimited


@strawberry.type(description="Start times when every host is free, in the asked time zone.")
class AvailableSlots:
    time_zone: str
    slots: list[datetime] = strawberry.field(
        description="At most 500, earliest first: see `nextFrom` for the rest."
    )
    next_from: datetime | None = strawberry.field(
        description=(
            "Set when the answer stopped at 500 slots: ask again from this instant for the "
            "rest. Null when every slot up to `to` is here."
        )
    )


SlotsResult = Annotated[
    AvailableSlots | InvalidInput | RateLimited, strawberry.union("SlotsResult")
]
RescheduleSlotsResult = Annotated[
    AvailableSlots | InvalidInput | RateLimited | ChangeNotAllowed | LinkUnavailable,
    strawberry.union("RescheduleSlotsResult"),
]
