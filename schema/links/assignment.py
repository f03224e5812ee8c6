"""Who attends the meetings booked through a link."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(
    description=(
        "COLLECTIVE: every host attends; a time is offered when all are free. ROUND_ROBIN: one "
        "host of the pool attends, the one with the fewest meetings booked through the link in "
        "the last 30 days for their weight (then the one booked least recently, then the hosts' "
        "order), among those free; a time is offered when any is free. RULES: the same, within "
        "the pool of the first routing rule the booking's answers meet (none met: any host). "
        "STATIC: its one host attends (OnceHub's Static rule type)."
    )
)
class Assignment(Enum):
    COLLECTIVE = "COLLECTIVE"
    ROUND_ROBIN = "ROUND_ROBIN"
    RULES = "RULES"
    STATIC = "STATIC"
