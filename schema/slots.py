"""Bookable start times, as a link offers them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from schema.errors import InvalidInput


@strawberry.type(description="Start times when every host is free, in the asked time zone.")
class AvailableSlots:
    time_zone: str
    slots: list[datetime]


SlotsResult = Annotated[AvailableSlots | InvalidInput, strawberry.union("SlotsResult")]
