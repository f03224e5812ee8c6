"""Settings read from the environment once at start-up and validated."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

IPNetwork = IPv4Network | IPv6Network
DEFAULT_DATABASE_URL = "sqlite://slotlink.db"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


class Environment(Enum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on every request; anything beyond them is refused before it runs."""

    max_depth: int = 8
    max_aliases: int = 15
    max_tokens: int = 1000
    # Fields an operation may resolve, each connection counted at the page size it asks for.
    max_cost: int = 25_000
    # CPU time one document's validation may take.
    validation_budget_ms: int = 1000
    max_body_bytes: int = 64 * 1024
    body_read_seconds: int = 10
    failed_lookups_per_minute: int = 30
    # availableSlots fields per operation, and anonymous slot queries per address a minute.
    max_slot_queries: int = 2
    max_links_per_organization: int = 10_000
    max_single_use_links_per_organization: int = 1_000_000
    slot_queries_per_minute: int = 120
    # Live updates: subscriptions open at once per WebSocket connection, and per API key in
    # one server process; events waiting for a subscriber that does not read.
    max_subscriptions_per_connection: int = 20
    max_subscriptions_per_key: int = 100
    subscriber_queue: int = 200
    # Documents registered by automatic persisted queries; the least recently used go first.
    max_persisted_documents: int = 10_000


DEFAULT_RETRY_DELAYS = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    # None: allowed in development only. Internal means loopback, private, link-local...
    allow_internal_urls: bool | None = None
    # Seconds between attempts; one more attempt than delays in all.
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    timeout_seconds: float = 10.0
    poll_seconds: float = 1.0
    # Expiry events are found by a sweep this often.
    expiry_sweep_seconds: float = 60.0
    # Deliveries sent to one endpoint a minute; the rest wait for the next minute.
    deliveries_per_minute: int = 600


class SmtpSecurity(Enum):
    # STARTTLS is required: the server must offer it (smtp://, the default).
    STARTTLS = "starttls"
    # TLS from the first byte (smtps://, usually port 465).
    TLS = "tls"
    # Plain text, for a relay on the same machine or network (smtp://...?tls=none).
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    security: SmtpSecurity
    username: str = ""
    password: str = field(default="", repr=False)
    # Certificates to trust instead of the system's (a private relay's own CA).
    ca_file: Path | None = None


DEFAULT_MAIL_FOLDER = Path("mail-outbox")
DEFAULT_MAIL_SENDER = "slotlink@localhost"


@dataclass(frozen=True, slots=True)
class MailSettings:
    # False: no email at all (the operator sends their own, from webhooks); calendar writes
    # still happen.
    enabled: bool = True
    # None: every message is written to ``folder`` as a .eml file instead.
    smtp: SmtpServer | None = None
    sender: str = DEFAULT_MAIL_SENDER
    folder: Path = DEFAULT_MAIL_FOLDER
    # A folder whose templates replace the built-in ones of the same name.
    templates: Path | None = None
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    timeout_seconds: float = 20.0
    poll_seconds: float = 1.0


@dataclass(frozen=True, slots=True)
class CalendarSettings:
    # How often each connected calendar is read.
    refresh_seconds: float = 60.0
    # How long after its last good read a calendar's busy times are still believed; past it
    # the host's slots are not offered, unless ``offer_when_unreadable``.
    trusted_seconds: float = 300.0
    offer_when_unreadable: bool = False
    # How far ahead busy times are read.
    horizon_days: int = 180
    timeout_seconds: float = 15.0


# Development only: production refuses to start without SLOTLINK_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "slotlink-development-secret-not-for-production"  # noqa: S105
MIN_SECRET_KEY_LENGTH = 32

_LIMIT_VARIABLES = {
    "SLOTLINK_MAX_DEPTH": "max_depth",
    "SLOTLINK_MAX_ALIASES": "max_aliases",
    "SLOTLINK_MAX_TOKENS": "max_tokens",
    "SLOTLINK_MAX_COST": "max_cost",
    "SLOTLINK_VALIDATION_BUDGET_MS": "validation_budget_ms",
    "SLOTLINK_MAX_BODY_BYTES": "max_body_bytes",
    "SLOTLINK_BODY_READ_SECONDS": "body_read_seconds",
    "SLOTLINK_FAILED_LOOKUPS_PER_MINUTE": "failed_lookups_per_minute",
    "SLOTLINK_MAX_SLOT_QUERIES": "max_slot_queries",
    "SLOTLINK_MAX_LINKS_PER_ORGANIZATION": "max_links_per_organization",
    "SLOTLINK_MAX_SINGLE_USE_LINKS_PER_ORGANIZATION": "max_single_use_links_per_organization",
    "SLOTLINK_SLOT_QUERIES_PER_MINUTE": "slot_queries_per_minute",
    "SLOTLINK_MAX_PERSISTED_DOCUMENTS": "max_persisted_documents",
    "SLOTLINK_MAX_SUBSCRIPTIONS_PER_CONNECTION": "max_subscriptions_per_connection",
    "SLOTLINK_MAX_SUBSCRIPTIONS_PER_KEY": "max_subscriptions_per_key",
    "SLOTLINK_SUBSCRIBER_QUEUE": "subscriber_queue",
}


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    public_url: str
    environment: Environment
    limits: Limits = field(default_factory=Limits)
    # Peers whose X-Forwarded-For is believed (the reverse proxies in front of us).
    trusted_proxies: tuple[IPNetwork, ...] = ()
    # In production /metrics answers only to this bearer token (and not at all without one).
    metrics_token: str = ""
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    calendars: CalendarSettings = field(default_factory=CalendarSettings)
    # Keys what the server stores of secrets it must recognise later (idempotency keys).
    secret_key: str = DEVELOPMENT_SECRET_KEY
    # Origins of browser apps allowed to call the API (CORS); "*" in development only.
    cors_origins: tuple[str, ...] = ()
    # Manifests of trusted documents: when set, callers without an admin's key run only these.
    trusted_documents: tuple[Path, ...] = ()
    # How long a shared cache may keep an anonymous GET of a standard link's page (0: never).
    public_cache_seconds: int = 60
    # Sites that may embed the invitee's pages in a frame (CSP frame-ancestors).
    frame_ancestors: tuple[str, ...] = ("'none'",)
    # After SIGTERM a worker keeps serving this long with /readyz at 503, so that a load
    # balancer stops sending before the worker stops accepting.
    drain_seconds: float = 0.0
    # Then requests in flight get this long to finish before the worker exits regardless.
    shutdown_grace_seconds: float = 20.0
    # Whether this process also runs the background jobs (webhooks, messages, calendars,
    # housekeeping); off when `slotlink background` runs them in processes of their own.
    run_background: bool = True

    @property
    def server_secret(self) -> bytes:
        return self.secret_key.encode()

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.DEVELOPMENT

    @property
    def webhooks_may_reach_internal_urls(self) -> bool:
        allowed = self.webhooks.allow_internal_urls
        return self.is_development if allowed is None else allowed

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    environment = _environment(env.get("SLOTLINK_ENV", Environment.DEVELOPMENT.value))
    return Settings(
        database_url=_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
        public_url=_public_url(env.get("SLOTLINK_PUBLIC_URL", DEFAULT_PUBLIC_URL)),
        environment=environment,
        secret_key=_secret_key(env.get("SLOTLINK_SECRET_KEY"), environment),
        limits=_limits(env),
        trusted_proxies=_trusted_proxies(env.get("SLOTLINK_TRUSTED_PROXIES", "")),
        metrics_token=env.get("SLOTLINK_METRICS_TOKEN", "").strip(),
        webhooks=_webhooks(env),
        mail=_mail(env),
        calendars=_calendars(env),
        cors_origins=_cors_origins(env.get("SLOTLINK_CORS_ORIGINS", ""), environment),
        public_cache_seconds=_whole_seconds(env, "SLOTLINK_PUBLIC_CACHE_SECONDS", 60),
        trusted_documents=_trusted_documents(env.get("SLOTLINK_TRUSTED_DOCUMENTS", "")),
        frame_ancestors=_frame_ancestors(env.get("SLOTLINK_FRAME_ANCESTORS", "")),
        drain_seconds=_drain_seconds(env, environment),
        shutdown_grace_seconds=_seconds(env, "SLOTLINK_SHUTDOWN_GRACE_SECONDS", 20.0),
        run_background=_optional_flag(env, "SLOTLINK_BACKGROUND") is not False,
    )


def _whole_seconds(env: Mapping[str, str], variable: str, default: int) -> int:
    raw = env.get(variable)
    if raw is None:
        return default
    if not raw.strip().isdigit():
        raise ConfigError(f"{variable}: {raw!r} is not a whole number of seconds (0 or more)")
    return int(raw)


def _trusted_documents(raw: str) -> tuple[Path, ...]:
    paths = tuple(Path(part.strip()) for part in raw.split(",") if part.strip())
    for path in paths:
        if not path.is_file():
            raise ConfigError(
                f"SLOTLINK_TRUSTED_DOCUMENTS: {str(path)!r} is not a file; give the manifests "
                "your builds write (e.g. persisted-documents.json), comma-separated"
            )
    return paths


def _frame_ancestors(raw: str) -> tuple[str, ...]:
    variable = "SLOTLINK_FRAME_ANCESTORS"
    sources = tuple(part for part in raw.replace(",", " ").split() if part)
    if not sources:
        return ("'none'",)
    if "'none'" in sources and len(sources) > 1:
        raise ConfigError(f"{variable}: 'none' cannot be combined with other sources")
    for source in sources:
        if source in {"'none'", "'self'"}:
            continue
        parts = urlsplit(source)
        host = parts.hostname or ""
        if (
            parts.scheme not in {"http", "https"}
            or not host
            or "*" in host.removeprefix("*.")
            or parts.path not in {"", "/"}
            or parts.query
            or parts.fragment
            or any(character in source for character in ";'\"")
        ):
            raise ConfigError(
                f"{variable}: {source!r} is not 'self', 'none' or an origin such as "
                "https://www.example.com or https://*.example.com"
            )
    return sources


def _cors_origins(raw: str, environment: Environment) -> tuple[str, ...]:
    variable = "SLOTLINK_CORS_ORIGINS"
    origins: list[str] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if item == "*":
            if environment is Environment.PRODUCTION:
                raise ConfigError(
                    f"{variable}: '*' is for development; in production list the exact origins "
                    "of your apps, e.g. https://app.example.com"
                )
            origins.append(item)
            continue
        parts = urlsplit(item)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.path not in {"", "/"}
            or parts.query
            or parts.fragment
            or parts.username is not None
        ):
            raise ConfigError(
                f"{variable}: {item!r} is not an origin (scheme://host[:port]), "
                "e.g. https://app.example.com"
            )
        origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
    return tuple(origins)


# Production's default: enough for a load balancer that probes every couple of seconds.
PRODUCTION_DRAIN_SECONDS = 5.0


def _drain_seconds(env: Mapping[str, str], environment: Environment) -> float:
    raw = env.get("SLOTLINK_DRAIN_SECONDS")
    if raw is None:
        return PRODUCTION_DRAIN_SECONDS if environment is Environment.PRODUCTION else 0.0
    if raw.strip() == "0":
        return 0.0
    return _positive_seconds("SLOTLINK_DRAIN_SECONDS", raw.strip())


def _secret_key(raw: str | None, environment: Environment) -> str:
    if raw is None or not raw.strip():
        if environment is Environment.PRODUCTION:
            raise ConfigError(
                "SLOTLINK_SECRET_KEY: required in production; generate one with "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return DEVELOPMENT_SECRET_KEY
    if len(raw.strip()) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"SLOTLINK_SECRET_KEY: must be at least {MIN_SECRET_KEY_LENGTH} characters"
        )
    return raw.strip()


def _database_url(raw: str) -> str:
    value = raw.strip()
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme == "sqlite":
        if not value[len("sqlite://") :]:
            raise ConfigError(
                "DATABASE_URL: a sqlite URL needs a file path, e.g. sqlite://slotlink.db"
            )
        return value
    if scheme in {"postgres", "postgresql"}:
        parts = urlsplit(value)
        if not parts.hostname or not parts.path.strip("/"):
            raise ConfigError(
                "DATABASE_URL: a PostgreSQL URL needs a host and a database name, "
                "e.g. postgres://user@127.0.0.1:5432/slotlink"
            )
        return "postgres://" + value.split("://", 1)[1]
    raise ConfigError(
        f"DATABASE_URL: unsupported scheme {scheme or '(none)'!r}; use sqlite:// or postgres://"
    )


def _public_url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"SLOTLINK_PUBLIC_URL: {raw!r} is not an absolute http(s) URL, "
            "e.g. https://book.example.com"
        )
    if parts.query or parts.fragment:
        raise ConfigError("SLOTLINK_PUBLIC_URL: must not carry a query string or fragment")
    return raw.strip().rstrip("/")


def _environment(raw: str) -> Environment:
    try:
        return Environment(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(e.value for e in Environment)
        raise ConfigError(f"SLOTLINK_ENV: {raw!r} is not one of {allowed}") from None


def _limits(env: Mapping[str, str]) -> Limits:
    values: dict[str, int] = {}
    for variable, attribute in _LIMIT_VARIABLES.items():
        raw = env.get(variable)
        if raw is None:
            continue
        if not raw.strip().isdigit() or int(raw) < 1:
            raise ConfigError(f"{variable}: {raw!r} is not a positive whole number")
        values[attribute] = int(raw)
    return Limits(**values)


def _trusted_proxies(raw: str) -> tuple[IPNetwork, ...]:
    networks: list[IPNetwork] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                f"SLOTLINK_TRUSTED_PROXIES: {item!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def _webhooks(env: Mapping[str, str]) -> WebhookSettings:
    return WebhookSettings(
        allow_internal_urls=_optional_flag(env, "SLOTLINK_WEBHOOK_ALLOW_INTERNAL_URLS"),
        retry_delays=_retry_delays(env.get("SLOTLINK_WEBHOOK_RETRY_DELAYS")),
        timeout_seconds=_seconds(env, "SLOTLINK_WEBHOOK_TIMEOUT_SECONDS", 10.0),
        poll_seconds=_seconds(env, "SLOTLINK_WEBHOOK_POLL_SECONDS", 1.0),
        expiry_sweep_seconds=_seconds(env, "SLOTLINK_WEBHOOK_EXPIRY_SWEEP_SECONDS", 60.0),
        deliveries_per_minute=_whole(env, "SLOTLINK_WEBHOOK_DELIVERIES_PER_MINUTE", 600),
    )


def _mail(env: Mapping[str, str]) -> MailSettings:
    sender = env.get("SLOTLINK_MAIL_FROM", "").strip() or DEFAULT_MAIL_SENDER
    if "@" not in sender or any(character in sender for character in '\r\n<>" ,'):
        raise ConfigError(
            f"SLOTLINK_MAIL_FROM: {sender!r} is not a bare address, e.g. bookings@example.com"
        )
    templates = env.get("SLOTLINK_MAIL_TEMPLATES", "").strip()
    if templates and not Path(templates).is_dir():
        raise ConfigError(f"SLOTLINK_MAIL_TEMPLATES: {templates!r} is not a folder")
    enabled = _optional_flag(env, "SLOTLINK_SEND_EMAIL")
    return MailSettings(
        enabled=enabled is not False,
        smtp=_smtp_server(env.get("SLOTLINK_SMTP_URL", "").strip()),
        sender=sender,
        folder=Path(env.get("SLOTLINK_MAIL_DIR", "").strip() or DEFAULT_MAIL_FOLDER),
        templates=Path(templates) if templates else None,
        retry_delays=_retry_delays(
            env.get("SLOTLINK_MAIL_RETRY_DELAYS"), "SLOTLINK_MAIL_RETRY_DELAYS"
        ),
        timeout_seconds=_seconds(env, "SLOTLINK_MAIL_TIMEOUT_SECONDS", 20.0),
        poll_seconds=_seconds(env, "SLOTLINK_MAIL_POLL_SECONDS", 1.0),
    )


_SMTP_PORTS = {SmtpSecurity.STARTTLS: 587, SmtpSecurity.TLS: 465, SmtpSecurity.NONE: 25}


def _smtp_server(raw: str) -> SmtpServer | None:
    if not raw:
        return None
    variable = "SLOTLINK_SMTP_URL"
    example = "e.g. smtp://user:password@mail.example.com:587 or smtps://...:465"
    parts = urlsplit(raw)
    query = dict(parse_qsl(parts.query))
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ConfigError(f"{variable}: not an smtp:// or smtps:// URL with a host; {example}")
    security = SmtpSecurity.TLS if parts.scheme == "smtps" else SmtpSecurity.STARTTLS
    if query.get("tls") == "none" and parts.scheme == "smtp":
        security = SmtpSecurity.NONE
    elif "tls" in query:
        raise ConfigError(f"{variable}: tls= only takes 'none', and only with smtp://")
    unknown = set(query) - {"tls", "ca_file"}
    if unknown:
        raise ConfigError(f"{variable}: unknown parameter {sorted(unknown)[0]!r}")
    ca_file = Path(query["ca_file"]) if query.get("ca_file") else None
    if ca_file is not None and not ca_file.is_file():
        raise ConfigError(f"{variable}: ca_file {str(ca_file)!r} is not a file")
    try:
        port = parts.port or _SMTP_PORTS[security]
    except ValueError:
        raise ConfigError(f"{variable}: the port is not a number; {example}") from None
    return SmtpServer(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        ca_file=ca_file,
    )


def _calendars(env: Mapping[str, str]) -> CalendarSettings:
    refresh = _seconds(env, "SLOTLINK_CALENDAR_REFRESH_SECONDS", 60.0)
    trusted = _seconds(env, "SLOTLINK_CALENDAR_TRUSTED_SECONDS", max(300.0, 3 * refresh))
    if trusted < refresh:
        raise ConfigError(
            "SLOTLINK_CALENDAR_TRUSTED_SECONDS: must be at least "
            "SLOTLINK_CALENDAR_REFRESH_SECONDS, or every calendar goes stale between reads"
        )
    return CalendarSettings(
        refresh_seconds=refresh,
        trusted_seconds=trusted,
        offer_when_unreadable=bool(_optional_flag(env, "SLOTLINK_CALENDAR_OFFER_WHEN_UNREADABLE")),
        horizon_days=_whole(env, "SLOTLINK_CALENDAR_HORIZON_DAYS", 180),
        timeout_seconds=_seconds(env, "SLOTLINK_CALENDAR_TIMEOUT_SECONDS", 15.0),
    )


def _whole(env: Mapping[str, str], variable: str, default: int) -> int:
    raw = env.get(variable)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigError(f"{variable}: {raw!r} is not a positive whole number")
    return int(raw)


def _optional_flag(env: Mapping[str, str], variable: str) -> bool | None:
    raw = env.get(variable)
    if raw is None or not raw.strip():
        return None
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{variable}: {raw!r} is not true or false")


def _positive_seconds(variable: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 10**7:
        raise ConfigError(f"{variable}: {raw!r} is not a positive number of seconds")
    return value


def _seconds(env: Mapping[str, str], variable: str, default: float) -> float:
    raw = env.get(variable)
    return default if raw is None else _positive_seconds(variable, raw.strip())


def _retry_delays(
    raw: str | None, variable: str = "SLOTLINK_WEBHOOK_RETRY_DELAYS"
) -> tuple[float, ...]:
    if raw is None:
        return DEFAULT_RETRY_DELAYS
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts:
        raise ConfigError(f"{variable}: give seconds between attempts, e.g. 5,300,1800")
    return tuple(_positive_seconds(variable, part) for part in parts)
