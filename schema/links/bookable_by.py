"""Who may book through a link's own address."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(
    description=(
        "ANYONE: the link's own address takes bookings. SINGLE_USE_ONLY: only its single-use "
        "links do; its own address answers LinkUnavailable (SINGLE_USE_ONLY), so a prospect "
        "who was sent a one-time link cannot book follow-ups through the link behind it."
    )
)
class BookableBy(Enum):
    ANYONE = "ANYONE"
    SINGLE_USE_ONLY = "SINGLE_USE_ONLY"
