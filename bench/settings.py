"""What a run measures and for how long, read from BENCH_* environment variables."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = (
    "booking",
    "minting",
    "listing",
    "children",
    "slots",
    "postgres",
    "ceiling",
    "subscribers",
    "notifications",
)
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True, slots=True)
class BenchSettings:
    seconds: float  # per round and variant, for the HTTP write and ceiling scenarios
    read_seconds: float  # per round and variant, for each listing page size
    rounds: int  # the first is a warm-up and is discarded
    concurrency: int
    read_concurrency: int
    scenarios: tuple[str, ...]
    postgres_url: str  # an existing database to connect to; the bench creates its own
    slots_runs: int  # calls per configuration and round
    bookings_per_host: int  # fresh hosts take over beyond this, so a host's rows stay few
    # SQLite files live here: tmpfs by default, so that the disk's fsync (~1.6 ms on the
    # benchmark VM, capping any commit-per-request path at a few hundred a second whatever
    # the code) does not hide the cost of the code.
    sqlite_folder: Path
    # PostgreSQL's synchronous_commit for the bench's own database, for the same reason.
    postgres_synchronous_commit: str
    server_cpus: str | None  # a taskset list; None: no pinning
    client_cpus: str | None
    output: Path

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "output": str(self.output),
            "sqlite_folder": str(self.sqlite_folder),
        }


def _cpus(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    value = env.get(name)
    if value is None:
        return default
    return value.strip() or None


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name, default).strip().lower()
    if value not in allowed:
        raise SystemExit(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _default_sqlite_folder() -> str:
    shared_memory = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder in it
    return str(shared_memory) if shared_memory.is_dir() else tempfile.gettempdir()


def load(env: Mapping[str, str] | None = None) -> BenchSettings:
    env = os.environ if env is None else env
    cores = sorted(os.sched_getaffinity(0))
    pinnable = len(cores) >= 2
    scenarios = tuple(
        s.strip() for s in env.get("BENCH_SCENARIOS", ",".join(SCENARIOS)).split(",") if s.strip()
    )
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        raise SystemExit(
            f"BENCH_SCENARIOS: unknown {sorted(unknown)}; choose from {', '.join(SCENARIOS)}"
        )
    rounds = int(env.get("BENCH_ROUNDS", "5"))
    if rounds < 2:
        raise SystemExit("BENCH_ROUNDS: at least 2 (the first round is discarded)")
    return BenchSettings(
        seconds=float(env.get("BENCH_SECONDS", "3")),
        read_seconds=float(env.get("BENCH_READ_SECONDS", "1")),
        rounds=rounds,
        concurrency=int(env.get("BENCH_CONCURRENCY", "16")),
        read_concurrency=int(env.get("BENCH_READ_CONCURRENCY", "1")),
        scenarios=scenarios,
        postgres_url=env.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        slots_runs=int(env.get("BENCH_SLOTS_RUNS", "100")),
        bookings_per_host=int(env.get("BENCH_BOOKINGS_PER_HOST", "250")),
        sqlite_folder=Path(env.get("BENCH_SQLITE_DIR", _default_sqlite_folder())),
        postgres_synchronous_commit=_choice(
            env, "BENCH_PG_SYNCHRONOUS_COMMIT", "off", ("on", "off", "local")
        ),
        server_cpus=_cpus(env, "BENCH_SERVER_CPUS", str(cores[0]) if pinnable else None),
        client_cpus=_cpus(env, "BENCH_CLIENT_CPUS", str(cores[-1]) if pinnable else None),
        output=Path(env.get("BENCH_OUTPUT", str(ROOT / "bench" / "results" / "latest.json"))),
    )
