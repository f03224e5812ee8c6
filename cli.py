"""The ``slotlink`` command: serve, migrate, and the admin chores that precede an API key."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import math
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import time
from typing import NoReturn, TextIO, TypeVar

from strawberry.relay import GlobalID, GlobalIDValueError
from tortoise import Tortoise

from config import ConfigError, Settings, load_settings
from models.accounts.api_keys import issue_api_key
from models.accounts.organizations import Bootstrapped, bootstrap_organization
from models.accounts.quotas import Quotas
from models.accounts.users import NewUser, create_user
from models.accounts.viewer import Viewer
from models.accounts.working_hours import WeeklyRange
from models.booking.availability_settings import set_working_hours
from models.db.database import apply_migrations, tortoise_config
from models.db.problems import database_problem
from models.db.tables import Link, LocationKind, Organization, Role, User
from models.db.transactions import transaction
from models.errors import InvalidInputError, NotFoundError
from models.links.links import LinkFields, create_link
from models.links.meeting_types import MeetingTypeFields, create_meeting_type
from models.links.single_use_links import (
    MAX_BULK,
    MintOptions,
    mint_single_use_links,
    revoke_single_use_link,
)
from models.reporting.spreadsheet import safe_cell

T = TypeVar("T")
EXIT_USAGE = 2
DEMO_ORG = "Demo Organization"
DEMO_ADMIN = NewUser(email="admin@demo.example", name="Demo Admin", time_zone="Europe/Berlin")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _fail(message: str) -> NoReturn:
    print(f"slotlink: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


async def _with_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


def _run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    path = _sqlite_path(settings)
    if path is not None and not os.path.exists(path):
        # Opening it would make an empty file (or fail on a missing folder) and say less.
        _fail(f"the database {path} does not exist yet; run: slotlink migrate")
    try:
        return asyncio.run(_with_database(settings, work))
    except InvalidInputError as error:
        _fail(error.message)
    except NotFoundError as error:
        _fail(error.message)
    except Exception as error:
        problem = database_problem(error, settings.database_url)
        if problem is None:
            raise
        _fail(problem)


def _positive(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number of at least 1")
    return int(raw)


def _port(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a port (1 to 65535)")
    return int(raw)


def _sqlite_path(settings: Settings) -> str | None:
    """The SQLite file of the settings, if it is one (not in memory)."""
    if not settings.is_sqlite:
        return None
    path = settings.database_url.removeprefix("sqlite://").split("?", 1)[0]
    return None if not path or path == ":memory:" else path


def _sqlite_directory(settings: Settings) -> None:
    """A SQLite file's folder is made if it is missing; if it cannot be, say so at once."""
    path = _sqlite_path(settings)
    folder = None if path is None else os.path.dirname(path)
    if not folder:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        _fail(f"cannot make the database's folder {folder}: {error.strerror}")


def _check_database(settings: Settings) -> None:
    """Before serving: the database answers and is migrated, or one line says what to do."""

    async def probe() -> None:
        await Organization.exists()

    _run(settings, probe)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from observability.logs import logging_config

    if args.migrate:
        _migrate(settings, args)
    _check_database(settings)
    # The workers read their settings from the environment: links they print name the
    # address served unless a public URL was set.
    os.environ.setdefault("SLOTLINK_PUBLIC_URL", f"http://{args.host}:{args.port}")
    uvicorn.run(
        "server:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=logging_config(args.log_level.upper()),
        timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_seconds),
    )


def _background(settings: Settings, args: argparse.Namespace) -> None:
    """The background jobs without the API, until SIGTERM or Ctrl-C: for web processes that
    run with SLOTLINK_BACKGROUND=false, so that sending mail never takes their CPU."""
    import logging.config
    import signal

    from background.jobs import BackgroundJobs
    from observability.logs import logging_config
    from observability.metrics import Metrics

    logging.config.dictConfig(logging_config(args.log_level.upper()))
    _check_database(settings)

    async def run() -> None:
        await Tortoise.init(
            config=tortoise_config(settings.database_url), _enable_global_fallback=True
        )
        jobs = BackgroundJobs(settings, Metrics())
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signal_number, stopping.set)
        jobs.start()
        logging.getLogger("slotlink").info("background jobs running")
        try:
            await stopping.wait()
        finally:
            await jobs.stop()
            await Tortoise.close_connections()

    asyncio.run(run())


def _migrate(settings: Settings, _: argparse.Namespace) -> None:
    _sqlite_directory(settings)
    try:
        asyncio.run(apply_migrations(settings.database_url))
    except Exception as error:
        problem = database_problem(error, settings.database_url)
        if problem is None:
            raise
        _fail(problem)
    print("migrations applied")


@dataclass(frozen=True, slots=True)
class _Demo:
    api_key: str
    link_path: str
    single_use_token: str


async def _seed_demo_organization() -> _Demo | None:
    """Something to try at once: the admin's weekday hours, a 30-minute video call, a link
    and one single-use link of it."""
    if await Organization.exists():
        return None
    async with transaction():
        return await _seed_demo_rows()


async def _seed_demo_rows() -> _Demo:
    opened = await bootstrap_organization(DEMO_ORG, DEMO_ADMIN)
    admin = Viewer(user=opened.admin, organization=opened.organization, api_key_id=0)
    await set_working_hours(
        opened.admin,
        [WeeklyRange(weekday=day, start=time(9), end=time(17)) for day in range(1, 6)],
    )
    meeting_type = await create_meeting_type(
        opened.organization.id,
        MeetingTypeFields(name="Intro call", duration_minutes=30, location_kind=LocationKind.VIDEO),
    )
    link = await create_link(
        admin, LinkFields(name="Intro call", slug="intro", meeting_type_id=meeting_type.id)
    )
    [minted] = await mint_single_use_links(admin, link.id, MintOptions(label="Try me"))
    return _Demo(opened.api_key, f"{opened.organization.slug}/{link.slug}", minted.token)


def _seed_demo(settings: Settings, _: argparse.Namespace) -> None:
    demo = _run(settings, _seed_demo_organization)
    if demo is None:
        print("The database already holds an organization; nothing seeded.")
        print("Need a key? .venv/bin/slotlink create-api-key --org-id ORG_ID --email ADMIN_EMAIL")
        return
    key = demo.api_key
    print(f"Seeded '{DEMO_ORG}' with admin {DEMO_ADMIN.email}.")
    print(f"API key (shown once): {key}")
    print(f"Booking link: {settings.public_url}/{demo.link_path}")
    print(f"Single-use link: {settings.public_url}/l/{demo.single_use_token}")
    print(f"Console: {settings.public_url}/app (sign in with the API key)")
    print("Try it:")
    print(
        f"  curl -s {settings.public_url}/graphql -H 'Authorization: Bearer {key}' "
        "-H 'Content-Type: application/json' -d '{\"query\": \"{ viewer { id name } }\"}'"
    )
    print(f"GraphiQL: {settings.public_url}/graphql (add the header in its Headers tab)")


def _bootstrap(settings: Settings, args: argparse.Namespace) -> None:
    admin = NewUser(email=args.email, name=args.name, time_zone=args.time_zone)

    async def work() -> Bootstrapped:
        taken = await Organization.filter(name=args.org.strip()).first()
        if taken is not None and not args.allow_same_name:
            raise InvalidInputError.single(
                "org",
                f"organization {taken.id} is already named {taken.name!r}; "
                "pass --allow-same-name to make another",
            )
        return await bootstrap_organization(args.org, admin)

    result = _run(settings, work)
    print(
        json.dumps(
            {
                "organization_id": result.organization.id,
                "user_id": result.admin.id,
                "api_key": result.api_key,
            }
        )
    )


def _create_user(settings: Settings, args: argparse.Namespace) -> None:
    async def work() -> User:
        if not await Organization.exists(id=args.org_id):
            raise NotFoundError(f"no organization with id {args.org_id}")
        new_user = NewUser(email=args.email, name=args.name, time_zone=args.time_zone)
        return await create_user(
            args.org_id, new_user, role=Role.ADMIN if args.admin else Role.MEMBER
        )

    user = _run(settings, work)
    print(json.dumps({"user_id": user.id, "email": user.email, "role": user.role.value}))


def _create_api_key(settings: Settings, args: argparse.Namespace) -> None:
    async def work() -> str:
        user = await User.get_or_none(organization_id=args.org_id, email=args.email.strip().lower())
        if user is None:
            raise NotFoundError(f"no user {args.email} in organization {args.org_id}")
        return (await issue_api_key(user, label=args.label))[1]

    print(_run(settings, work))


def _mint(settings: Settings, args: argparse.Namespace) -> None:
    """Mints in batches of the bulk maximum, each batch all or nothing, as the link's owner.
    The output is opened before anything is minted, and each batch's rows are written before
    the next batch is minted; a batch whose rows could not be written is revoked at once, so
    no link stays open whose URL nobody has."""
    out = _open_output(args.out)
    progress = _Progress(args.count) if sys.stderr.isatty() else None
    writer = csv.writer(out)

    async def work() -> tuple[int, str | None]:
        link = await _link_for_minting(args.link)
        owner = Viewer(user=link.owner, organization=link.owner.organization, api_key_id=0)
        written = 0
        try:
            writer.writerow(["label", "url"])
            out.flush()
        except OSError as error:
            return written, f"the output closed before any link was minted ({error.strerror})"
        while written < args.count:
            minted = await mint_single_use_links(
                owner,
                link.id,
                MintOptions(label=args.label),
                count=min(MAX_BULK, args.count - written),
                quotas=Quotas.configured(settings.limits),
            )
            try:
                for one in minted:
                    writer.writerow([safe_cell(args.label), f"{settings.public_url}/l/{one.token}"])
                out.flush()
            except OSError as error:
                for one in minted:
                    await revoke_single_use_link(owner, one.single_use_link.id)
                return written, (
                    f"the output closed ({error.strerror}): the {len(minted)} links of the "
                    "last batch were revoked"
                )
            written += len(minted)
            if progress is not None:
                progress.show(written)
        return written, None

    try:
        written, stopped = _run(settings, work)
    finally:
        if out is not sys.stdout:
            out.close()
    where = args.out or "standard output"
    if stopped is not None:
        _quiet_stdout()
        _fail(f"{stopped}; {written} single-use links were minted and written to {where}")
    if args.out:
        print(f"wrote {written} single-use links to {args.out}", file=sys.stderr)


def _open_output(path: str | None) -> TextIO:
    if path is None:
        return sys.stdout
    try:
        return open(path, "w", newline="", encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror}; nothing was minted")


def _quiet_stdout() -> None:
    """A reader that went away (``| head``) must not cost a traceback at exit."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


async def _link_for_minting(reference: str) -> Link:
    """By number, global ID (``TGluazo3``), ``org/slug`` or the link's URL."""
    reference = reference.strip().rstrip("/")
    query = Link.all().select_related("owner__organization")
    link: Link | None = None
    if reference.isascii() and reference.isdigit():
        link = await query.filter(id=int(reference)).first()
    elif "/" in reference:
        org_slug, _, slug = reference.rpartition("/")
        link = await query.filter(organization__slug=org_slug.rpartition("/")[2], slug=slug).first()
    else:
        with contextlib.suppress(GlobalIDValueError, ValueError):
            global_id = GlobalID.from_id(reference)
            if global_id.type_name == "Link" and global_id.node_id.isdigit():
                link = await query.filter(id=int(global_id.node_id)).first()
    if link is None:
        raise NotFoundError(f"no link {reference}")
    return link


class _Progress:
    WIDTH = 30

    def __init__(self, total: int) -> None:
        self.total = total

    def show(self, done: int) -> None:
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        end = "\n" if done >= self.total else ""
        print(f"\r[{bar}] {done}/{self.total}", end=end, file=sys.stderr, flush=True)


def _export_schema(_: Settings, args: argparse.Namespace) -> None:
    from schema import schema

    try:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(schema.as_str() + "\n")
    except OSError as error:
        _fail(f"cannot write {args.out}: {error.strerror}")
    print(f"wrote {args.out}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="slotlink", description="Slotlink scheduling service.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--workers", type=_positive, default=1)
    serve.add_argument("--migrate", action="store_true", help="apply migrations before serving")
    serve.add_argument(
        "--log-level",
        choices=["debug", "info", "warning", "error"],
        default="info",
        help="info logs a line per request",
    )
    serve.set_defaults(handler=_serve)

    background = commands.add_parser(
        "background",
        help="run the background jobs (webhooks, email, calendars) without serving requests",
    )
    background.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], default="info"
    )
    background.set_defaults(handler=_background)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(handler=_migrate)
    commands.add_parser(
        "seed-demo", help="create a demo organization if the database is empty"
    ).set_defaults(handler=_seed_demo)

    bootstrap = commands.add_parser("bootstrap", help="create an organization and its admin")
    bootstrap.add_argument("--org", required=True, help="organization name")
    bootstrap.add_argument("--email", required=True)
    bootstrap.add_argument("--name", required=True)
    bootstrap.add_argument("--time-zone", default="UTC")
    bootstrap.add_argument(
        "--allow-same-name",
        action="store_true",
        help="make a new organization even if one already has this name",
    )
    bootstrap.set_defaults(handler=_bootstrap)

    user = commands.add_parser("create-user", help="add a user to an organization")
    user.add_argument("--org-id", type=int, required=True)
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--admin", action="store_true")
    user.add_argument("--time-zone", default="UTC")
    user.set_defaults(handler=_create_user)

    key = commands.add_parser("create-api-key", help="issue an API key and print it")
    key.add_argument("--org-id", type=int, required=True)
    key.add_argument("--email", required=True)
    key.add_argument("--label", default="cli")
    key.set_defaults(handler=_create_api_key)
    mint = commands.add_parser("mint", help="mint single-use links of a link, as CSV")
    mint.add_argument(
        "--link",
        "--link-id",
        dest="link",
        required=True,
        help="the link: its number, global ID, org/slug or URL",
    )
    mint.add_argument("--count", type=_positive, required=True)
    mint.add_argument("--label", default="")
    mint.add_argument("--out", help="CSV file to write (default: standard output)")
    mint.set_defaults(handler=_mint)

    export = commands.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument("--out", default="schema.graphql")
    export.set_defaults(handler=_export_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        _fail(str(error))
    args.handler(settings, args)


if __name__ == "__main__":
    main()
