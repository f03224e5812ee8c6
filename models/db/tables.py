"""The database tables. Behaviour lives in the domain modules beside this one."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.links.assignment import Assignment


class Role(StrEnum):
    MEMBER = "MEMBER"
    ADMIN = "ADMIN"


class BookableBy(StrEnum):
    """Who may book through a link's own address (its single-use links always work)."""

    ANYONE = "ANYONE"
    SINGLE_USE_ONLY = "SINGLE_USE_ONLY"


class Organization(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Counted in the transaction that creates them, against the configured quotas (links and
    # single-use links are archived and revoked, never deleted).
    links_created = fields.IntField(default=0, db_default=0)
    single_use_links_minted = fields.BigIntField(default=0, db_default=0)
    # What new links get when their creator does not say.
    default_bookable_by = fields.CharEnumField(
        BookableBy, max_length=16, default=BookableBy.ANYONE, db_default=BookableBy.ANYONE.value
    )

    class Meta:
        table = "organizations"


class User(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="users", on_delete=fields.CASCADE
    )
    organization_id: int
    email = fields.CharField(max_length=320)
    name = fields.CharField(max_length=200)
    time_zone = fields.CharField(max_length=64)
    role = fields.CharEnumField(Role, max_length=16, default=Role.MEMBER)
    working_hours: list[dict[str, Any]] = fields.JSONField()
    # Every booking transaction that involves this user as a host writes this counter first:
    # on PostgreSQL that row lock serializes a host's bookings, on SQLite the write takes the
    # database lock before anything is read.
    booking_sequence = fields.BigIntField(default=0, db_default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"
        unique_together = (("organization", "email"),)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class ApiKey(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_keys", on_delete=fields.CASCADE
    )
    user_id: int
    label = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=16)
    key_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_keys"


class Session(Model):
    # A browser signed in with an API key: its cookie carries the token, this row its hash.
    # It lasts while its key does, until it expires or is ended.
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    api_key: fields.ForeignKeyRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", related_name="sessions", on_delete=fields.CASCADE
    )
    api_key_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sessions"


class LocationKind(StrEnum):
    VIDEO = "VIDEO"
    PHONE = "PHONE"
    IN_PERSON = "IN_PERSON"
    CUSTOM = "CUSTOM"


class MeetingType(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="meeting_types", on_delete=fields.CASCADE
    )
    organization_id: int
    name = fields.CharField(max_length=200)
    duration_minutes = fields.IntField()
    location_kind = fields.CharEnumField(LocationKind, max_length=16)
    location_details = fields.CharField(max_length=500, default="")
    description = fields.TextField(default="")
    buffer_before_minutes = fields.IntField(default=0)
    buffer_after_minutes = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "meeting_types"


class Link(Model):
    # A reusable booking link. Its single-use children read every scheduling property here.

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="links", on_delete=fields.CASCADE
    )
    organization_id: int
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="owned_links", on_delete=fields.RESTRICT
    )
    owner_id: int
    meeting_type: fields.ForeignKeyRelation[MeetingType] = fields.ForeignKeyField(
        "models.MeetingType", related_name="links", on_delete=fields.RESTRICT
    )
    meeting_type_id: int
    slug = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)
    # Until when the link can be used to book (not when its meetings may start).
    expires_at = fields.DatetimeField(null=True)
    # Meetings booked through the link must start before this instant.
    starts_before = fields.DatetimeField(null=True)
    minimum_notice_minutes = fields.IntField(default=240)
    booking_horizon_days = fields.IntField(default=60)
    slot_interval_minutes = fields.IntField(default=30)
    # The invitee's cancel/reschedule policy (models/booking/change_policy.py). A notice left
    # unset is the minimum notice for booking; no max_reschedules: no limit.
    invitee_may_reschedule = fields.BooleanField(default=True, db_default=True)
    invitee_may_cancel = fields.BooleanField(default=True, db_default=True)
    reschedule_notice_minutes = fields.IntField(null=True)
    cancel_notice_minutes = fields.IntField(null=True)
    max_reschedules = fields.IntField(null=True)
    is_active = fields.BooleanField(default=True)
    archived_at = fields.DatetimeField(null=True)
    managed = fields.BooleanField(default=False)
    bookable_by = fields.CharEnumField(
        BookableBy, max_length=16, default=BookableBy.ANYONE, db_default=BookableBy.ANYONE.value
    )
    # The booking form's questions and the rules routing answers to pools (routing.py).
    questions: list[dict[str, Any]] = fields.JSONField(default=list)
    routing_rules: list[dict[str, Any]] = fields.JSONField(default=list)
    # Single-use links minted before this are disabled for good: the link went from assigning
    # a host per booking to one fixed host (models/links/rules.py, OnceHub's rule-type change).
    single_use_cutoff_at = fields.DatetimeField(null=True)
    # Who attends its meetings (models/links/assignment.py).
    assignment = fields.CharEnumField(
        Assignment,
        max_length=16,
        default=Assignment.COLLECTIVE,
        db_default=Assignment.COLLECTIVE.value,
    )
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="created_links", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "links"
        unique_together = (("organization", "slug"),)


class LinkHost(Model):
    id = fields.IntField(primary_key=True)
    link: fields.ForeignKeyRelation[Link] = fields.ForeignKeyField(
        "models.Link", related_name="host_rows", on_delete=fields.CASCADE
    )
    link_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="hosted_link_rows", on_delete=fields.RESTRICT
    )
    user_id: int
    position = fields.IntField(default=0)
    # Round robin: a host of weight 2 takes twice the meetings of a host of weight 1; the free
    # hosts of the highest priority (1-5) are picked first.
    weight = fields.IntField(default=1, db_default=1)
    priority = fields.IntField(default=3, db_default=3)

    class Meta:
        table = "link_hosts"
        unique_together = (("link", "user"),)


class SingleUseLink(Model):
    # Stores only what is its own: meeting type, hosts, rules and the parent's expiry are
    # read from ``link`` whenever they are needed. (Comments, not docstrings, on tables: the
    # ORM copies a docstring into the table comment, and its SQLite migration runner splits
    # statements on semicolons.)

    id = fields.IntField(primary_key=True)
    link: fields.ForeignKeyRelation[Link] = fields.ForeignKeyField(
        "models.Link", related_name="single_use_links", on_delete=fields.CASCADE
    )
    link_id: int
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="minted_single_use_links", on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    token_prefix = fields.CharField(max_length=16)
    label = fields.CharField(max_length=200, default="")
    expires_at = fields.DatetimeField(null=True)
    starts_before = fields.DatetimeField(null=True)
    max_uses = fields.IntField(default=1)
    uses = fields.IntField(default=0)
    invitee_name = fields.CharField(max_length=200, null=True)
    invitee_email = fields.CharField(max_length=320, null=True)
    skip_form = fields.BooleanField(default=False)
    # A personalized link's answers to its parent's questions: the invitee is not asked them.
    answers: dict[str, Any] = fields.JSONField(default=dict)
    lock_to_invitee = fields.BooleanField(default=False)
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    revoked_at = fields.DatetimeField(null=True)
    # Set once the expiry sweep has written this link's single_use_link.expired event.
    expiry_announced = fields.BooleanField(default=False, db_default=False)

    class Meta:
        table = "single_use_links"
        # Failed lookups count against a token's prefix only when a token has that prefix;
        # a link's children are paged newest first.
        indexes = (("token_prefix",), ("link_id", "id"))


class DateOverride(Model):
    # Other working hours on one local date of a user. No ranges means a day off.

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="date_overrides", on_delete=fields.CASCADE
    )
    user_id: int
    date = fields.DateField()
    ranges: list[dict[str, str]] = fields.JSONField(default=list)

    class Meta:
        table = "date_overrides"
        unique_together = (("user", "date"),)


class BookingStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class Booking(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="bookings", on_delete=fields.CASCADE
    )
    organization_id: int
    link: fields.ForeignKeyRelation[Link] = fields.ForeignKeyField(
        "models.Link", related_name="bookings", on_delete=fields.RESTRICT
    )
    link_id: int
    single_use_link: fields.ForeignKeyNullableRelation[SingleUseLink] = fields.ForeignKeyField(
        "models.SingleUseLink", related_name="bookings", null=True, on_delete=fields.RESTRICT
    )
    single_use_link_id: int | None
    start_at = fields.DatetimeField()
    end_at = fields.DatetimeField()
    invitee_name = fields.CharField(max_length=200)
    invitee_email = fields.CharField(max_length=320)
    invitee_time_zone = fields.CharField(max_length=64)
    notes = fields.TextField(default="")
    # By question key, as models/links/routing.py checked them.
    answers: dict[str, Any] = fields.JSONField(default=dict)
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    status = fields.CharEnumField(BookingStatus, max_length=16, default=BookingStatus.CONFIRMED)
    manage_token_hash = fields.CharField(max_length=64, unique=True)
    manage_token_prefix = fields.CharField(max_length=16)
    # The token again, sealed with a key derived from the server's secret: the confirmation
    # and update messages carry the invitee's manage link. Empty for bookings made before.
    sealed_manage_token = fields.CharField(max_length=200, default="", db_default="")
    reschedule_count = fields.IntField(default=0)
    cancelled_at = fields.DatetimeField(null=True)
    cancel_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "bookings"
        indexes = (("organization_id", "start_at"), ("manage_token_prefix",))


class BookingHost(Model):
    # A host's claim on a time range. Confirmed ranges of one user never overlap, and the
    # database itself refuses it (see the bookings migration).

    id = fields.IntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="host_rows", on_delete=fields.CASCADE
    )
    booking_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="booking_rows", on_delete=fields.RESTRICT
    )
    user_id: int
    start_at = fields.DatetimeField()
    end_at = fields.DatetimeField()
    # The meeting widened by its meeting type's buffers: no other meeting may start in it.
    blocked_start = fields.DatetimeField()
    blocked_end = fields.DatetimeField()
    active = fields.BooleanField(default=True)

    class Meta:
        table = "booking_hosts"
        unique_together = (("booking", "user"),)
        indexes = (("user_id", "start_at"),)


class BookingEventKind(StrEnum):
    BOOKED = "BOOKED"
    RESCHEDULED = "RESCHEDULED"
    CANCELLED = "CANCELLED"
    # Given to another host of a round robin's pool.
    REASSIGNED = "REASSIGNED"


class ActorKind(StrEnum):
    INVITEE = "INVITEE"
    USER = "USER"


class BookingEvent(Model):
    id = fields.IntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="events", on_delete=fields.CASCADE
    )
    booking_id: int
    kind = fields.CharEnumField(BookingEventKind, max_length=16)
    actor_kind = fields.CharEnumField(ActorKind, max_length=16)
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="booking_events", null=True, on_delete=fields.SET_NULL
    )
    actor_user_id: int | None
    occurred_at = fields.DatetimeField()
    previous_start_at = fields.DatetimeField(null=True)
    previous_end_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")

    class Meta:
        table = "booking_events"


class IdempotencyRecord(Model):
    # The first successful bookMeeting of a (link key, idempotency key) pair.

    id = fields.IntField(primary_key=True)
    scope_hash = fields.CharField(max_length=64)
    key_hash = fields.CharField(max_length=64)
    request_hash = fields.CharField(max_length=64)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "models.Booking", related_name="idempotency_records", on_delete=fields.CASCADE
    )
    booking_id: int
    sealed_manage_token = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_records"
        unique_together = (("scope_hash", "key_hash"),)


class RefusedAttempt(Model):
    # A spent, expired, revoked or disabled single-use link presented to bookMeeting, or a
    # link locked to its invitee presented with another email.
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="refused_attempts", on_delete=fields.CASCADE
    )
    organization_id: int
    link: fields.ForeignKeyRelation[Link] = fields.ForeignKeyField(
        "models.Link", related_name="refused_attempts", on_delete=fields.CASCADE
    )
    link_id: int
    single_use_link: fields.ForeignKeyRelation[SingleUseLink] = fields.ForeignKeyField(
        "models.SingleUseLink", related_name="refused_attempts", on_delete=fields.CASCADE
    )
    single_use_link_id: int
    reason = fields.CharField(max_length=16)
    invitee_email = fields.CharField(max_length=320)
    occurred_at = fields.DatetimeField()

    class Meta:
        table = "refused_attempts"
        indexes = (("organization_id", "occurred_at"),)


class RateLimitCounter(Model):
    # Failed token lookups per bucket (a client address or a token prefix) and minute, shared
    # by every worker of a deployment through the database.
    id = fields.IntField(primary_key=True)
    bucket = fields.CharField(max_length=200)
    window_start = fields.DatetimeField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_limit_counters"
        unique_together = (("bucket", "window_start"),)


class PersistedDocument(Model):
    # Documents registered by automatic persisted queries, shared by every worker and host:
    # the SHA-256 of the text, hex, is the key.
    sha256 = fields.CharField(max_length=64, primary_key=True)
    document = fields.TextField()
    last_used_at = fields.DatetimeField()

    class Meta:
        table = "persisted_documents"
        indexes = (("last_used_at",),)


class WebhookEndpointStatus(StrEnum):
    ACTIVE = "ACTIVE"
    # Still sent to, but its recent deliveries keep failing.
    FAILING = "FAILING"
    DISABLED = "DISABLED"


class WebhookEndpoint(Model):
    # Without an owner it hears the whole organization, with one only that user's links.
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    organization_id: int
    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="webhook_endpoints", null=True, on_delete=fields.CASCADE
    )
    owner_id: int | None
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="created_webhook_endpoints", on_delete=fields.RESTRICT
    )
    created_by_id: int
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=500, default="")
    events: list[str] = fields.JSONField()
    # Kept in the clear: every delivery is signed with it.
    secret = fields.CharField(max_length=100)
    # After a rotation deliveries carry a signature with the old secret too, for a while.
    previous_secret = fields.CharField(max_length=100, null=True)
    previous_secret_expires_at = fields.DatetimeField(null=True)
    status = fields.CharEnumField(
        WebhookEndpointStatus, max_length=16, default=WebhookEndpointStatus.ACTIVE
    )
    consecutive_failures = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_endpoints"
        indexes = (("organization_id", "status"),)


class WebhookEvent(Model):
    # The outbox: written in the transaction of the change it reports, fanned out into one
    # delivery per listening endpoint by a dispatcher afterwards.
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="webhook_events", on_delete=fields.CASCADE
    )
    organization_id: int
    link_owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="webhook_events", on_delete=fields.CASCADE
    )
    link_owner_id: int
    # The link the event is about (a single-use link's parent): the activity stream's scope.
    link_id = fields.IntField(null=True)
    type = fields.CharField(max_length=64)
    # The exact bytes that are signed and sent.
    payload = fields.TextField()
    occurred_at = fields.DatetimeField()
    fanned_out = fields.BooleanField(default=False)
    # Whether its messages and calendar writes are made (or it needs none).
    notified = fields.BooleanField(default=True, db_default=True)

    class Meta:
        table = "webhook_events"
        indexes = (
            ("fanned_out", "id"),
            ("organization_id", "id"),
            ("link_id", "id"),
            ("notified", "id"),
        )


class WebhookDeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    # Every attempt failed: nothing more is tried unless someone redelivers it.
    FAILED = "FAILED"


class WebhookDelivery(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[WebhookEvent] = fields.ForeignKeyField(
        "models.WebhookEvent", related_name="deliveries", on_delete=fields.CASCADE
    )
    event_id: int
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    endpoint_id: int
    status = fields.CharEnumField(
        WebhookDeliveryStatus, max_length=16, default=WebhookDeliveryStatus.PENDING
    )
    attempts = fields.IntField(default=0)
    # While an attempt is in flight, the end of its lease: no other dispatcher takes it before.
    next_attempt_at = fields.DatetimeField()
    last_attempt_at = fields.DatetimeField(null=True)
    last_response_status = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, default="")
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_deliveries"
        indexes = (("status", "next_attempt_at"), ("endpoint_id", "id"))


class NotificationChannel(StrEnum):
    # A message to one address.
    EMAIL = "EMAIL"
    # Bringing one host's connected calendar in line with the booking.
    CALENDAR = "CALENDAR"


class NotificationStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class Notification(Model):
    # What a booking event makes besides webhooks, made from the outbox after the commit and
    # sent with retries: one row per channel and recipient, never two (the unique key).
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[WebhookEvent] = fields.ForeignKeyField(
        "models.WebhookEvent", related_name="notifications", on_delete=fields.CASCADE
    )
    event_id: int
    channel = fields.CharEnumField(NotificationChannel, max_length=16)
    # An email address, or for a calendar write the host's user id.
    recipient = fields.CharField(max_length=320)
    booking_id = fields.IntField()
    # The whole message (RFC 5322) for email; empty for calendar writes, which send the
    # booking as it is when they run.
    content = fields.TextField(default="")
    status = fields.CharEnumField(
        NotificationStatus, max_length=16, default=NotificationStatus.PENDING
    )
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.CharField(max_length=500, default="")
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notifications"
        unique_together = (("event_id", "channel", "recipient"),)
        indexes = (("status", "next_attempt_at"), ("booking_id", "id"))


class CalendarStatus(StrEnum):
    # Read within its refresh interval.
    OK = "OK"
    # The last read failed; ``last_error`` says why.
    FAILING = "FAILING"


class HostCalendar(Model):
    # A host's own calendar (CalDAV): its busy times block the host's slots.
    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="calendar", on_delete=fields.CASCADE
    )
    user_id: int
    url = fields.CharField(max_length=2000)
    username = fields.CharField(max_length=320)
    # Sealed with a key derived from the server's secret; never read back through the API.
    sealed_password = fields.TextField()
    # Also write the host's meetings into it.
    write_meetings = fields.BooleanField(default=False)
    status = fields.CharEnumField(CalendarStatus, max_length=16, default=CalendarStatus.OK)
    last_error = fields.CharField(max_length=500, default="")
    synced_at = fields.DatetimeField(null=True)
    # The host's free time is offered until then: a read pushes it forward; a calendar that
    # cannot be read lets it pass, and the host is then offered as busy.
    trusted_until = fields.DatetimeField(null=True)
    # While a process reads it, the end of its lease: no other process reads it before.
    next_sync_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "host_calendars"
        indexes = (("next_sync_at",),)


class CalendarBusy(Model):
    # A busy interval read from a host's calendar, replaced whole at every read.
    id = fields.IntField(primary_key=True)
    calendar: fields.ForeignKeyRelation[HostCalendar] = fields.ForeignKeyField(
        "models.HostCalendar", related_name="busy", on_delete=fields.CASCADE
    )
    calendar_id: int
    user_id = fields.IntField()
    start_at = fields.DatetimeField()
    end_at = fields.DatetimeField()

    class Meta:
        table = "calendar_busy"
        indexes = (("user_id", "start_at"),)


__models__ = [
    Organization,
    User,
    ApiKey,
    Session,
    MeetingType,
    Link,
    LinkHost,
    SingleUseLink,
    DateOverride,
    Booking,
    BookingHost,
    BookingEvent,
    IdempotencyRecord,
    RefusedAttempt,
    RateLimitCounter,
    PersistedDocument,
    WebhookEndpoint,
    WebhookEvent,
    WebhookDelivery,
    Notification,
    HostCalendar,
    CalendarBusy,
]
