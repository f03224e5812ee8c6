from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from config import Environment, Settings
from server import create_app
from tests.support import databases
from tests.support.factories import open_database, require_postgres

pytestmark = pytest.mark.slow

SLOTLINK = Path(sys.executable).with_name("slotlink")
VIEWER = "{ viewer { email name role timeZone organization { name slug } } }"
ANN = {
    "email": "a@acme.test",
    "name": "Ann",
    "role": "ADMIN",
    "timeZone": "UTC",
    "organization": {"name": "Acme", "slug": "acme"},
}


def slotlink(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLOTLINK_PUBLIC_URL": "https://slotlink.test",
        "SLOTLINK_ENV": "development",
    }
    return subprocess.run(
        [str(SLOTLINK), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def bootstrap_acme(database_url: str) -> subprocess.CompletedProcess[str]:
    return slotlink(
        database_url, "bootstrap", "--org", "Acme", "--email", "a@acme.test", "--name", "Ann"
    )


def count_rows(database_url: str, table: str) -> int:
    with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


async def viewer_of(database_url: str, key: str) -> object:
    settings = Settings(database_url, "https://slotlink.test", Environment.DEVELOPMENT)
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with (
        open_database(database_url),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        response = await http.post(
            "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {key}"}
        )
    assert response.status_code == 200, response.text
    return response.json()


@dataclass(frozen=True, slots=True)
class Session:
    """One SQLite file taken through the admin chores in order, each command's output kept."""

    url: str
    migrate: subprocess.CompletedProcess[str]
    bootstrap: subprocess.CompletedProcess[str]
    create_user: subprocess.CompletedProcess[str]
    create_api_key: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    url = f"sqlite://{tmp_path_factory.mktemp('cli') / 'slotlink.db'}"
    migrate = slotlink(url, "migrate")
    bootstrap = bootstrap_acme(url)
    organization_id = str(json.loads(bootstrap.stdout)["organization_id"])
    create_user = slotlink(
        url, "create-user", "--org-id", organization_id, "--email", "B@acme.test", "--name", "Bob"
    )
    create_api_key = slotlink(
        url, "create-api-key", "--org-id", organization_id, "--email", "b@acme.test"
    )
    return Session(url, migrate, bootstrap, create_user, create_api_key)


def test_migrate_reports_success(session: Session) -> None:
    assert (session.migrate.returncode, session.migrate.stdout, session.migrate.stderr) == (
        0,
        "migrations applied\n",
        "",
    )


def test_bootstrap_prints_exactly_one_json_line(session: Session) -> None:
    # when: see the session fixture
    result = session.bootstrap

    # then
    assert (result.returncode, result.stderr) == (0, "")
    [line] = result.stdout.splitlines()
    printed = json.loads(line)
    assert printed == {"organization_id": 1, "user_id": 1, "api_key": printed["api_key"]}
    assert printed["api_key"].startswith("sl_")


async def test_bootstrap_key_works_against_the_app(session: Session) -> None:
    key = json.loads(session.bootstrap.stdout)["api_key"]

    assert await viewer_of(session.url, key) == {"data": {"viewer": ANN}}


def test_create_user_prints_the_new_user(session: Session) -> None:
    result = session.create_user

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        json.dumps({"user_id": 2, "email": "b@acme.test", "role": "MEMBER"})
    ]


async def test_create_api_key_prints_a_key_that_works(session: Session) -> None:
    result = session.create_api_key

    assert (result.returncode, result.stderr) == (0, "")
    [key] = result.stdout.splitlines()
    viewer = await viewer_of(session.url, key)
    assert viewer == {
        "data": {
            "viewer": {**ANN, "email": "b@acme.test", "name": "Bob", "role": "MEMBER"},
        }
    }


def test_missing_argument_exits_2_with_one_line(tmp_path: Path) -> None:
    database = tmp_path / "untouched.db"

    result = slotlink(f"sqlite://{database}", "bootstrap", "--org", "Acme", "--name", "Ann")

    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "slotlink bootstrap: error: the following arguments are required: --email\n",
    )
    assert not database.exists()


def test_bad_database_url_exits_2_with_one_line() -> None:
    result = slotlink("mysql://db.internal/slotlink", "migrate")

    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "slotlink: error: DATABASE_URL: unsupported scheme 'mysql'; use sqlite:// or postgres://\n",
    )


def test_invalid_email_exits_2_and_writes_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    # given
    url = databases.fresh_sqlite_copy(sqlite_template, tmp_path)

    # when
    result = slotlink(url, "bootstrap", "--org", "Acme", "--email", "ann-at-acme", "--name", "Ann")

    # then
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "slotlink: error: email: must be an email address\n",
    )
    assert count_rows(url, "organizations") == 0


def test_create_user_in_an_unknown_organization_exits_2(session: Session) -> None:
    result = slotlink(
        session.url, "create-user", "--org-id", "99", "--email", "c@acme.test", "--name", "C"
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "slotlink: error: no organization with id 99\n",
    )


def test_seed_demo_seeds_once_then_does_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    # given
    url = databases.fresh_sqlite_copy(sqlite_template, tmp_path)

    # when
    first = slotlink(url, "seed-demo")
    second = slotlink(url, "seed-demo")

    # then
    assert (first.returncode, first.stderr) == (0, "")
    seeded, shown_key = first.stdout.splitlines()[:2]
    assert seeded == "Seeded 'Demo Organization' with admin admin@demo.example."
    assert re.fullmatch(r"API key \(shown once\): sl_[A-Za-z0-9_-]{43}", shown_key)
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout.splitlines()[0] == (
        "The database already holds an organization; nothing seeded."
    )
    assert (count_rows(url, "organizations"), count_rows(url, "users")) == (1, 1)
    assert count_rows(url, "api_keys") == 1
    # and there is something to try at once: a link and one single-use link of it
    booking, single_use, console = first.stdout.splitlines()[2:5]
    assert booking == "Booking link: https://slotlink.test/demo-organization/intro"
    assert re.fullmatch(r"Single-use link: https://slotlink\.test/l/[A-Za-z0-9_-]{43}", single_use)
    assert console == "Console: https://slotlink.test/app (sign in with the API key)"
    assert (count_rows(url, "links"), count_rows(url, "single_use_links")) == (1, 1)
    assert count_rows(url, "meeting_types") == 1


@pytest.fixture(scope="module")
def postgres_session() -> Iterator[tuple[str, subprocess.CompletedProcess[str]]]:
    require_postgres()
    url = databases.create_postgres_database()
    try:
        migrate = slotlink(url, "migrate")
        assert (migrate.returncode, migrate.stderr) == (0, ""), migrate.stderr
        yield url, bootstrap_acme(url)
    finally:
        databases.drop_postgres_database(url)


async def test_bootstrap_on_postgres_prints_a_key_that_works(
    postgres_session: tuple[str, subprocess.CompletedProcess[str]],
) -> None:
    url, result = postgres_session

    assert (result.returncode, result.stderr) == (0, "")
    [line] = result.stdout.splitlines()
    printed = json.loads(line)
    assert printed == {"organization_id": 1, "user_id": 1, "api_key": printed["api_key"]}
    assert await viewer_of(url, printed["api_key"]) == {"data": {"viewer": ANN}}


async def _a_link(database_url: str) -> int:
    from models.db.tables import Link, LinkHost, LocationKind, MeetingType, User

    async with open_database(database_url):
        owner = await User.get(email="a@acme.test")
        meeting_type = await MeetingType.create(
            organization_id=owner.organization_id,
            name="Intro",
            duration_minutes=30,
            location_kind=LocationKind.VIDEO,
        )
        link = await Link.create(
            organization_id=owner.organization_id,
            owner_id=owner.id,
            created_by_id=owner.id,
            meeting_type_id=meeting_type.id,
            slug="intro",
            name="Intro",
        )
        await LinkHost.create(link_id=link.id, user_id=owner.id)
        return link.id


async def test_mint_writes_label_and_url_rows_for_every_link(
    session: Session, tmp_path: Path
) -> None:
    # Given a link of the bootstrapped admin
    link_id = await _a_link(session.url)
    out = tmp_path / "links.csv"
    # When 3 single-use links are minted to a CSV file
    result = slotlink(
        session.url,
        "mint",
        "--link-id",
        str(link_id),
        "--count",
        "3",
        "--label",
        "Q4",
        "--out",
        str(out),
    )
    # Then the file holds a header and 3 distinct booking URLs with the label
    assert (result.returncode, result.stderr) == (0, f"wrote 3 single-use links to {out}\n")
    rows = out.read_text().splitlines()
    assert rows[0] == "label,url"
    urls = [row.removeprefix("Q4,") for row in rows[1:]]
    assert len(set(urls)) == 3
    assert all(re.fullmatch(r"https://slotlink\.test/l/[A-Za-z0-9_-]{43}", url) for url in urls)
    assert count_rows(session.url, "single_use_links") >= 3


def test_mint_of_an_unknown_link_is_a_one_line_error(session: Session) -> None:
    result = slotlink(session.url, "mint", "--link-id", "999999", "--count", "1")
    assert (result.returncode, result.stderr) == (
        2,
        "slotlink: error: no link 999999\n",
    )


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error line of a command that must fail with exit 2, one line, no traceback."""
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize(
    ("database_url", "problem"),
    [
        (
            "postgres://postgres@127.0.0.1:1/slotlink",
            "slotlink: error: cannot reach the database at postgres://postgres@127.0.0.1:1/slotlink",
        ),
        (
            "postgres://postgres@no-such-host.invalid:5432/slotlink",
            "slotlink: error: the database host of "
            "postgres://postgres@no-such-host.invalid:5432/slotlink is unknown",
        ),
    ],
    ids=["refused", "unknown-host"],
)
def test_an_unreachable_database_is_one_line(database_url: str, problem: str) -> None:
    assert _one_line_error(slotlink(database_url, "migrate")).startswith(problem)


def test_a_missing_postgres_database_is_one_line_that_says_so() -> None:
    require_postgres()
    url = "postgres://postgres@127.0.0.1:5432/slotlink_no_such_database"

    line = _one_line_error(slotlink(url, "migrate"))

    assert line.startswith(f"slotlink: error: the database at {url} does not exist")


def test_migrate_makes_a_missing_sqlite_folder(tmp_path: Path) -> None:
    database = tmp_path / "new" / "folder" / "slotlink.db"

    result = slotlink(f"sqlite://{database}", "migrate")

    assert (result.returncode, result.stdout, result.stderr) == (0, "migrations applied\n", "")
    assert database.exists()


def test_migrate_says_at_once_when_the_folder_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")

    line = _one_line_error(slotlink(f"sqlite://{blocker}/x.db", "migrate"))

    assert line.startswith(f"slotlink: error: cannot make the database's folder {blocker}")


@pytest.mark.parametrize("command", [["seed-demo"], ["serve", "--port", "8799"]])
def test_an_unmigrated_database_is_one_line_that_says_to_migrate(
    tmp_path: Path, command: list[str]
) -> None:
    database = tmp_path / "empty.db"
    sqlite3.connect(database).close()

    line = _one_line_error(slotlink(f"sqlite://{database}", *command))

    assert line == (
        f"slotlink: error: the database at sqlite://{database} is not migrated; "
        "run: slotlink migrate"
    )


def test_a_database_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "nowhere" / "x.db"

    line = _one_line_error(slotlink(f"sqlite://{database}", "seed-demo"))

    assert (
        line
        == f"slotlink: error: the database {database} does not exist yet; run: slotlink migrate"
    )
    assert not database.parent.exists()


@pytest.mark.parametrize(
    ("flag", "value", "problem"),
    [
        ("--workers", "0", "'0' is not a whole number of at least 1"),
        ("--port", "70000", "'70000' is not a port (1 to 65535)"),
    ],
)
def test_serve_refuses_nonsense_numbers(
    session: Session, flag: str, value: str, problem: str
) -> None:
    line = _one_line_error(slotlink(session.url, "serve", flag, value))

    assert line == f"slotlink serve: error: argument {flag}: {problem}"


def test_a_second_organization_of_the_same_name_needs_asking(session: Session) -> None:
    # given: Acme exists (see the session fixture)
    again = bootstrap_acme(session.url)
    asked = slotlink(
        session.url,
        "bootstrap",
        "--org",
        "Acme",
        "--email",
        "z@acme2.test",
        "--name",
        "Zed",
        "--allow-same-name",
    )

    assert _one_line_error(again).startswith("slotlink: error: org: organization ")
    assert "pass --allow-same-name to make another" in again.stderr
    assert asked.returncode == 0, asked.stderr
    assert count_rows(session.url, "organizations") == 2


def test_export_schema_to_a_folder_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "schema.graphql"

    line = _one_line_error(slotlink("sqlite://unused.db", "export-schema", "--out", str(out)))

    assert line == f"slotlink: error: cannot write {out}: No such file or directory"


@pytest.fixture
async def minting(tmp_path: Path) -> tuple[str, int]:
    """A migrated database with Acme, Ann and her link ``acme/intro``."""
    url = f"sqlite://{tmp_path / 'mint.db'}"
    assert slotlink(url, "migrate").returncode == 0
    assert bootstrap_acme(url).returncode == 0
    return url, await _a_link(url)


def test_mint_to_an_output_it_cannot_open_mints_nothing(
    minting: tuple[str, int], tmp_path: Path
) -> None:
    url, link_id = minting
    out = tmp_path / "missing" / "links.csv"

    line = _one_line_error(
        slotlink(url, "mint", "--link-id", str(link_id), "--count", "3", "--out", str(out))
    )

    assert (
        line
        == f"slotlink: error: cannot write {out}: No such file or directory; nothing was minted"
    )
    assert count_rows(url, "single_use_links") == 0


@pytest.mark.parametrize("reference", ["acme/intro", "https://slotlink.test/acme/intro", "global"])
def test_mint_finds_the_link_by_slug_url_or_global_id(
    minting: tuple[str, int], reference: str
) -> None:
    url, link_id = minting
    if reference == "global":
        reference = base64.b64encode(f"Link:{link_id}".encode()).decode()

    result = slotlink(url, "mint", "--link", reference, "--count", "2")

    assert (result.returncode, result.stderr) == (0, "")
    assert len(result.stdout.splitlines()) == 3
    assert count_rows(url, "single_use_links") == 2


def test_a_reader_that_goes_away_leaves_no_link_open_unseen(minting: tuple[str, int]) -> None:
    # given a reader that takes the first line of 600 links and goes away (| head -1)
    url, link_id = minting
    process = subprocess.Popen(
        [str(SLOTLINK), "mint", "--link-id", str(link_id), "--count", "600"],
        env={**os.environ, "DATABASE_URL": url, "SLOTLINK_ENV": "development"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline() == "label,url\n"
    process.stdout.close()

    # when the command finishes
    code = process.wait(timeout=60)
    stderr = process.stderr.read()

    # then it says what happened in one line, and every minted link whose URL was not written
    # is revoked
    assert code == 2
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    assert "the output closed" in stderr
    assert "were revoked" in stderr
    with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
        (open_links,) = connection.execute(
            "SELECT count(*) FROM single_use_links WHERE revoked_at IS NULL"
        ).fetchone()
    written = int(re.search(r"; (\d+) single-use links were minted", stderr).group(1))  # type: ignore[union-attr]
    assert open_links == written
