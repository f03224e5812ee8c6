"""The single-use status rule (``models.links.rules.single_use_status``) restated in SQL, for the
statements that must decide it in the database: the booking's claim and host lock, the expiry
sweep and the reports. Every SQL form is built here from the same four conditions, in the
rule's order of precedence, and a test runs every combination of a child's and its parent's
state through the Python rule and each form.

Placeholders: ``:now`` (the instant the status is taken at).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.links.rules import SingleUseStatus


@dataclass(frozen=True, slots=True)
class StatusColumns:
    """Where a statement finds what the rule reads: the child's columns and its parent's."""

    revoked_at: str
    uses: str
    max_uses: str
    expires_at: str
    created_at: str
    parent_is_active: str
    parent_archived_at: str
    parent_expires_at: str
    parent_cutoff_at: str

    @classmethod
    def joined(cls, child: str = "c", parent: str = "l") -> StatusColumns:
        """A child row and its parent link row, each under an alias (or none: ``""``)."""
        c = f"{child}." if child else ""
        p = f"{parent}." if parent else ""
        return cls(
            revoked_at=f"{c}revoked_at",
            uses=f"{c}uses",
            max_uses=f"{c}max_uses",
            expires_at=f"{c}expires_at",
            created_at=f"{c}created_at",
            parent_is_active=f"{p}is_active",
            parent_archived_at=f"{p}archived_at",
            parent_expires_at=f"{p}expires_at",
            parent_cutoff_at=f"{p}single_use_cutoff_at",
        )


def child_open(columns: StatusColumns) -> str:
    """Neither revoked nor used up."""
    return f"({columns.revoked_at} IS NULL AND {columns.uses} < {columns.max_uses})"


def child_unexpired(columns: StatusColumns) -> str:
    return f"({columns.expires_at} IS NULL OR {columns.expires_at} > :now)"


def parent_enabled(columns: StatusColumns) -> str:
    """Neither archived nor switched off."""
    return f"({columns.parent_is_active} AND {columns.parent_archived_at} IS NULL)"


def minted_after_cutoff(columns: StatusColumns) -> str:
    """Not disabled by the parent's change to one fixed host (``minted_before_cutoff``)."""
    cutoff = columns.parent_cutoff_at
    return f"({cutoff} IS NULL OR {columns.created_at} >= {cutoff})"


def parent_unexpired(columns: StatusColumns) -> str:
    return f"({columns.parent_expires_at} IS NULL OR {columns.parent_expires_at} > :now)"


def status_is(status: SingleUseStatus, columns: StatusColumns) -> str:
    """A condition true exactly for the rows that have ``status`` at ``:now``."""
    c = columns
    if status is SingleUseStatus.REVOKED:
        return f"({c.revoked_at} IS NOT NULL)"
    if status is SingleUseStatus.USED:
        return f"({c.revoked_at} IS NULL AND {c.uses} >= {c.max_uses})"
    enabled = f"({parent_enabled(c)} AND {minted_after_cutoff(c)})"
    if status is SingleUseStatus.DISABLED:
        return f"({child_open(c)} AND NOT {enabled})"
    unexpired = f"({child_unexpired(c)} AND {parent_unexpired(c)})"
    if status is SingleUseStatus.EXPIRED:
        return f"({child_open(c)} AND {enabled} AND NOT {unexpired})"
    return f"({child_open(c)} AND {enabled} AND {unexpired})"


def status_case(columns: StatusColumns) -> str:
    """The status itself, as text."""
    branches = " ".join(
        f"WHEN {status_is(status, columns)} THEN '{status.value}'" for status in SingleUseStatus
    )
    return f"(CASE {branches} END)"
