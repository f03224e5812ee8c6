"""Generated queries and mutations against the real app, as an anonymous caller, a member and
an admin of a seeded organization: no response may be a 5xx, leak a trace, SQL, a driver's name
or a seeded secret, or carry "Unexpected error." (an exception that reached the masker).

``SLOTLINK_FUZZ_EXAMPLES=1000`` runs that many documents per role and backend (``make fuzz``);
the default is a fixed slice small enough for ``make test``.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

import httpx
import pytest

from config import Environment, Limits, Settings
from schema import schema
from server import create_app
from tests.support.databases import Backend
from tests.support.fuzzing import (
    ROLES,
    Failure,
    count_statuses,
    draw_documents,
    is_executed,
    operation_kind,
    rejection,
    response_problems,
    seed_world,
    server_log,
    signature,
)

EXAMPLES = int(os.environ.get("SLOTLINK_FUZZ_EXAMPLES", "50"))
BATCH = 50
# Most generated documents must get past validation, or the fuzz tests nothing.
MIN_EXECUTED_SHARE = 0.5
SCHEMA_SDL = schema.as_str()


def fuzz_settings(backend: Backend) -> Settings:
    # Production: what a deployment exposes. The failed-lookup limit is lifted, or the
    # anonymous caller would be answered 429 after 30 unknown keys and test nothing more.
    return Settings(
        database_url=backend.url,
        public_url="https://slotlink.test",
        environment=Environment.PRODUCTION,
        limits=Limits(failed_lookups_per_minute=10**6),
    )


@pytest.mark.parametrize("role", ROLES)
async def test_generated_operations_fail_only_in_expected_ways(
    role: str, db: Backend, capsys: pytest.CaptureFixture[str]
) -> None:
    world = await seed_world()
    app = create_app(fuzz_settings(db), manage_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    key = world.keys[role]
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    failures: dict[str, Failure] = {}
    statuses: list[int] = []
    rejections: Counter[str] = Counter()
    executed = mutations = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        batch = 0
        while len(statuses) < EXAMPLES:
            wanted = min(BATCH, EXAMPLES - len(statuses))
            documents = draw_documents(
                SCHEMA_SDL, world, count=wanted, batch_seed=ROLES.index(role) * 10_000 + batch
            )
            batch += 1
            for document in documents:
                await world.restore_callers()
                with server_log() as log:
                    response = await http.post(
                        "/graphql", json={"query": document}, headers=headers
                    )
                statuses.append(response.status_code)
                executed += is_executed(response.text)
                reason = rejection(response.text)
                if reason is not None:
                    rejections[reason] += 1
                mutations += operation_kind(document) == "mutation"
                problems = response_problems(response.status_code, response.text, document, world)
                if problems:
                    failure = Failure(
                        role,
                        document,
                        response.status_code,
                        response.text,
                        problems,
                        "\n".join(log.lines),
                    )
                    failures.setdefault(signature(failure), failure)
                elif response.status_code == 200:
                    world.harvest(response.json())
    if "SLOTLINK_FUZZ_EXAMPLES" in os.environ:
        with capsys.disabled():
            sys.stderr.write(
                f"\nfuzz {db.name}/{role}: {len(statuses)} operations ({mutations} mutations), "
                f"{executed} executed, statuses {count_statuses(statuses)}, "
                f"{len(failures)} distinct failures; most rejected: {rejections.most_common(5)}\n"
            )
    assert not failures, "\n\n".join(f.describe() for f in failures.values())
    assert len(statuses) >= EXAMPLES
    assert executed >= MIN_EXECUTED_SHARE * len(statuses), count_statuses(statuses)
