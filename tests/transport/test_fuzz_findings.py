"""Inputs the API fuzz found that reached the masker as "Unexpected error.": each now gets the
answer a client can act on."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.support.link_factories import Team, create_team, global_id

ARCHIVE_LINK = """
mutation($id: ID!) {
  archiveLink(input: {id: $id}) { __typename ... on NotFound { message } }
}
"""

LINK = """
query($id: ID!) { link(id: $id) { name } }
"""

CREATE_SINGLE_USE_LINK = """
mutation($link: ID!, $expiresAt: DateTime) {
  createSingleUseLink(input: {linkId: $link, expiresAt: $expiresAt}) {
    __typename
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""

UPDATE_LINK_METADATA = """
mutation($id: ID!, $metadata: JSON) {
  updateLink(input: {id: $id, metadata: $metadata}) {
    __typename
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""

PUBLIC_LINK = """
query($key: String!) { publicLink(key: $key) { __typename } }
"""

NUL_MESSAGE = "Text may not contain the NUL character (\\u0000)."


@pytest.fixture
async def team(db: object) -> Team:
    return await create_team()


@pytest.mark.parametrize("malformed", ["", "Ù", "not-base64!", "TGluazo"])
async def test_a_malformed_id_in_a_mutation_is_not_found(
    client: GraphQLClient, team: Team, malformed: str
) -> None:
    # when
    result = await client.execute(ARCHIVE_LINK, {"id": malformed}, key=team.owner.key)

    # then
    assert result == {"data": {"archiveLink": {"__typename": "NotFound", "message": "Not found."}}}


async def test_a_malformed_id_where_no_union_answers_is_an_input_error(
    client: GraphQLClient, team: Team
) -> None:
    # when
    result = await client.execute(LINK, {"id": "Ù"}, key=team.owner.key)

    # then
    assert result == {
        "data": {"link": None},
        "errors": [
            {
                "message": 'Value cannot represent a GlobalID: "Ù".',
                "locations": [{"line": 2, "column": 19}],
                "path": ["link"],
            }
        ],
    }


@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:00-01:00"])
async def test_an_instant_without_a_utc_equivalent_is_invalid_input(
    client: GraphQLClient, team: Team, instant: str
) -> None:
    # when
    result = await client.execute(
        CREATE_SINGLE_USE_LINK,
        {"link": global_id("Link", team.link.id), "expiresAt": instant},
        key=team.owner.key,
    )

    # then
    payload = result["data"]["createSingleUseLink"]  # type: ignore[index]
    assert payload["__typename"] == "InvalidInput"
    assert payload["fieldErrors"][0] == {"field": "expiresAt", "message": "is out of range"}


@pytest.mark.parametrize("number", [-(2**63) - 1, 2**64])
async def test_a_metadata_integer_wider_than_64_bits_is_invalid_input(
    client: GraphQLClient, team: Team, number: int
) -> None:
    # when
    result = await client.execute(
        UPDATE_LINK_METADATA,
        {"id": global_id("Link", team.link.id), "metadata": {"crm": number}},
        key=team.owner.key,
    )

    # then
    assert result == {
        "data": {
            "updateLink": {
                "__typename": "InvalidInput",
                "fieldErrors": [
                    {"field": "metadata.crm", "message": "integers must fit in 64 bits"}
                ],
            }
        }
    }


async def test_a_nul_character_in_a_variable_refuses_the_request(client: GraphQLClient) -> None:
    # when
    result = await client.execute(PUBLIC_LINK, {"key": "acme/\x00"})

    # then
    assert result == {"data": None, "errors": [{"message": NUL_MESSAGE}]}


async def test_a_nul_character_in_the_document_refuses_the_request(
    client: GraphQLClient,
) -> None:
    # when
    result = await client.execute('{ publicLink(key: "acme/\\u0000") { __typename } }')

    # then
    assert result == {"data": None, "errors": [{"message": NUL_MESSAGE}]}
