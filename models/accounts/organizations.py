"""Tenants, and the first admin that opens one."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from models.accounts.api_keys import issue_api_key
from models.accounts.permissions import may_change_organization, require
from models.accounts.users import NewUser, insert_user
from models.accounts.viewer import Viewer
from models.db.tables import BookableBy, Organization, Role, User
from models.db.transactions import transaction
from models.errors import InvalidInputError
from models.slugs import RESERVED_ORGANIZATION_SLUGS, slugify
from models.validation import FieldErrors, clean_name

SLUG_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Bootstrapped:
    organization: Organization
    admin: User
    api_key: str


async def unique_organization_slug(name: str) -> str:
    base = slugify(name, fallback="org")
    rows = await Organization.filter(slug__startswith=base).values_list("slug", flat=True)
    taken = {str(slug) for slug in rows} | RESERVED_ORGANIZATION_SLUGS
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


async def bootstrap_organization(org_name: str, admin: NewUser) -> Bootstrapped:
    """Create an organization with its first admin and an API key for them, all or nothing."""
    errors = FieldErrors()
    name = clean_name(errors, "org", org_name)
    admin = admin.cleaned(errors)
    errors.raise_if_any()
    for _ in range(SLUG_ATTEMPTS):
        # Chosen before the transaction, which must begin with its write; a concurrent
        # bootstrap that took the same slug makes the insert fail, and we choose again.
        slug = await unique_organization_slug(name)
        try:
            async with transaction():
                organization = await Organization.create(name=name, slug=slug)
                user = await insert_user(organization.id, admin, role=Role.ADMIN)
                _, plain_key = await issue_api_key(user, label="bootstrap")
        except IntegrityError:
            continue
        return Bootstrapped(organization=organization, admin=user, api_key=plain_key)
    raise InvalidInputError.single("org", "could not find a free slug for this name; try again")


async def organization_of(viewer: Viewer) -> Organization:
    require(may_change_organization(viewer))
    return await Organization.get(id=viewer.organization_id)


async def set_default_bookable_by(viewer: Viewer, bookable_by: BookableBy) -> Organization:
    """What links created from now on default to; existing links keep their own setting."""
    organization = await organization_of(viewer)
    organization.default_bookable_by = bookable_by
    await Organization.filter(id=organization.id).update(default_bookable_by=bookable_by)
    return organization
