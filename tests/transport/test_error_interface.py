"""Every typed problem implements ``Error``: ``... on Error { code message }`` is valid in every
result union, and the code names the problem."""

from __future__ import annotations

import pytest
from graphql import GraphQLUnionType, NoUnusedFragmentsRule, parse, specified_rules, validate

from schema import schema
from tests.conftest import GraphQLClient

GRAPHQL_SCHEMA = schema._schema
ERROR = GRAPHQL_SCHEMA.get_type("Error")
UNIONS = sorted(
    name
    for name, named in GRAPHQL_SCHEMA.type_map.items()
    if isinstance(named, GraphQLUnionType) and not name.startswith("__")
)
PROBLEM_NAMES = {
    "InvalidInput",
    "NotFound",
    "Forbidden",
    "LinkUnavailable",
    "SlotUnavailable",
    "InviteeNotAllowed",
    "ChangeNotAllowed",
    "RateLimited",
}


def test_every_typed_problem_implements_error() -> None:
    implementations = {t.name for t in GRAPHQL_SCHEMA.get_possible_types(ERROR)}  # type: ignore[arg-type]
    assert implementations == PROBLEM_NAMES


@pytest.mark.parametrize("union", UNIONS)
def test_every_union_with_a_problem_accepts_the_error_fragment(union: str) -> None:
    members = {member.name for member in GRAPHQL_SCHEMA.get_type(union).types}  # type: ignore[union-attr]
    problems = members & PROBLEM_NAMES
    if not problems:
        pytest.skip(f"{union} holds no typed problem")
    document = parse(
        f"fragment F on {union} {{ __typename ... on Error {{ code message }} }} "
        f"query {{ __typename }}"
    )

    # Every rule but the one that wants the fragment used somewhere.
    rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
    assert validate(GRAPHQL_SCHEMA, document, rules) == []


async def test_a_client_reads_code_and_message_through_the_interface(
    client: GraphQLClient,
) -> None:
    result = await client.execute(
        'query { publicLink(key: "acme/nothing-here") { ... on Error { code message } } }'
    )

    assert result == {
        "data": {
            "publicLink": {
                "code": "LINK_UNAVAILABLE",
                "message": "This booking link does not exist. Please check the address, or ask "
                "the person who sent it for a new link.",
            }
        }
    }
