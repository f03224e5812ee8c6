"""The database tables. Behaviour lives in the domain modules beside this one."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    MEMBER = "MEMBER"
    ADMIN = "ADMIN"


class Organization(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

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
    expires_at = fields.DatetimeField(null=True)
    minimum_notice_minutes = fields.IntField(default=240)
    booking_horizon_days = fields.IntField(default=60)
    slot_interval_minutes = fields.IntField(default=30)
    is_active = fields.BooleanField(default=True)
    archived_at = fields.DatetimeField(null=True)
    managed = fields.BooleanField(default=False)
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

    class Meta:
        table = "link_hosts"
        unique_together = (("link", "user"),)


class SingleUseLink(Model):
    # Stores only what is its own: meeting type, hosts, rules and the parent's expiry are
    # read from ``link`` whenever they are needed. (Not a docstring: the ORM would copy it
    # into the table comment, and SQLite's migration runner splits statements on semicolons.)

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
    max_uses = fields.IntField(default=1)
    uses = fields.IntField(default=0)
    invitee_name = fields.CharField(max_length=200, null=True)
    invitee_email = fields.CharField(max_length=320, null=True)
    skip_form = fields.BooleanField(default=False)
    lock_to_invitee = fields.BooleanField(default=False)
    metadata: dict[str, Any] = fields.JSONField(default=dict)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "single_use_links"


__models__ = [Organization, User, ApiKey, MeetingType, Link, LinkHost, SingleUseLink]
