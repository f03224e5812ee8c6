"""A round-robin link over the links test team's three people, free around the clock."""

from __future__ import annotations

from models.db.tables import Link
from models.links.assignment import Assignment, HostSettings
from models.links.links import LinkFields, create_link
from tests.support.link_factories import Team, viewer_of

ALL_DAY = [(weekday, "00:00", "23:59") for weekday in range(1, 8)]
HOSTS = ("max", "hana", "olga")


def pool_ids(team: Team) -> dict[str, int]:
    """Max (the owner), Hana and Olga, by name."""
    return {"max": team.owner.user_id, "hana": team.host.user_id, "olga": team.other.user_id}


async def round_robin_link(
    team: Team,
    *,
    weights: dict[str, int] | None = None,
    priorities: dict[str, int] | None = None,
    slug: str = "pool",
) -> Link:
    """``weights`` and ``priorities`` by name ("max", "hana", "olga")."""
    ids = pool_ids(team)
    link = await create_link(
        await viewer_of(team.admin),
        LinkFields(
            name="Pool call",
            slug=slug,
            meeting_type_id=team.meeting_type.id,
            host_ids=[ids[name] for name in HOSTS],
            assignment=Assignment.ROUND_ROBIN,
            host_settings={
                ids[name]: HostSettings(
                    weight=(weights or {}).get(name), priority=(priorities or {}).get(name)
                )
                for name in HOSTS
            },
            minimum_notice_minutes=0,
        ),
        owner_id=team.owner.user_id,
    )
    await Link.filter(id=link.id).update(booking_horizon_days=365)
    return link
