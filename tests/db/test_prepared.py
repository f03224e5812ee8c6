"""Prepared statements: bound for both dialects, and rows turned into the ORM's models."""

from __future__ import annotations

import pytest
from tortoise import Tortoise

from models.db import prepared
from models.db.prepared import Prepared
from tests.support.databases import Backend


def test_named_parameters_become_each_dialects_placeholders() -> None:
    statement = Prepared.of("SELECT :a, :b WHERE x = :a")
    assert statement.bind({"a": 1, "b": 2, "unused": 3}, "sqlite") == (
        "SELECT ?, ? WHERE x = ?",
        [1, 2, 1],
    )
    assert statement.bind({"a": 1, "b": 2}, "postgres") == ("SELECT $1, $2 WHERE x = $1", [1, 2])


@pytest.mark.parametrize(
    ("text", "reads_only"),
    [
        ("SELECT 1", True),
        ("  with a AS (SELECT deleted_at FROM t) SELECT * FROM a", True),
        ("WITH a AS (UPDATE t SET x = 1 RETURNING id) SELECT * FROM a", False),
        ("INSERT INTO t VALUES (1) RETURNING id", False),
        ("DELETE FROM t", False),
    ],
)
def test_statements_that_only_read_may_go_to_the_reads_connection(
    text: str, reads_only: bool
) -> None:
    assert Prepared.of(text).read_only is reads_only


def test_in_lists_are_numbered() -> None:
    assert prepared.placeholders("host", 3) == ":host0, :host1, :host2"
    assert prepared.numbered("host", [7, 9]) == {"host0": 7, "host1": 9}


async def test_every_models_columns_are_known_before_the_orm_starts(db: Backend) -> None:
    # The prepared statements are built at import, before foreign-key columns are registered.
    for model in Tortoise.apps["models"].values():
        assert prepared.column_names(model) == sorted(model._meta.db_fields), model.__name__
