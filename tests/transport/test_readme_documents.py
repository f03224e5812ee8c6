"""Every GraphQL block in the README is valid against the schema, and its operations are
named, so a block pasted whole into GraphiQL or a client runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, validate

from schema import schema

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_graphql_blocks() -> None:
    assert len(BLOCKS) >= 7


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block-{n}" for n in range(len(BLOCKS))])
def test_a_readme_block_is_a_valid_document_of_named_operations(block: str) -> None:
    document = parse(block)

    assert validate(schema._schema, document) == []
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert operations
    if len(operations) > 1:
        assert all(operation.name is not None for operation in operations)
