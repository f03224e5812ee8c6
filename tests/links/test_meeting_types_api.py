"""Meeting types over GraphQL: the organization's, changed by admins only."""

from __future__ import annotations

import pytest

from models.db.tables import MeetingType
from tests.conftest import GraphQLClient
from tests.support.factories import Tenant, create_tenant
from tests.support.link_factories import global_id, make_meeting_type

MEETING_TYPE_FIELDS = """
name durationMinutes description bufferBeforeMinutes bufferAfterMinutes
location { kind details }
"""
CREATE_MEETING_TYPE = f"""
mutation ($input: CreateMeetingTypeInput!) {{
  createMeetingType(input: $input) {{
    __typename
    ... on MeetingTypeSaved {{ meetingType {{ {MEETING_TYPE_FIELDS} }} }}
    ... on InvalidInput {{ fieldErrors {{ field message }} }}
    ... on Forbidden {{ message }}
  }}
}}
"""
UPDATE_MEETING_TYPE = f"""
mutation ($input: UpdateMeetingTypeInput!) {{
  updateMeetingType(input: $input) {{
    __typename
    ... on MeetingTypeSaved {{ meetingType {{ {MEETING_TYPE_FIELDS} }} }}
    ... on InvalidInput {{ fieldErrors {{ field message }} }}
    ... on NotFound {{ message }}
    ... on Forbidden {{ message }}
  }}
}}
"""
MEETING_TYPES = "{ meetingTypes { name durationMinutes } }"
ADMIN_ONLY = "Only an admin of the organization may do this."
NEW_MEETING_TYPE = {
    "name": "Demo",
    "durationMinutes": 45,
    "locationKind": "PHONE",
    "locationDetails": "+49 30 1234567",
    "description": "A walk through the product.",
    "bufferBeforeMinutes": 5,
    "bufferAfterMinutes": 10,
}


@pytest.fixture
async def acme(client: GraphQLClient) -> Tenant:
    return await create_tenant()


async def test_admin_creates_a_meeting_type(client: GraphQLClient, acme: Tenant) -> None:
    result = await client.execute(
        CREATE_MEETING_TYPE, {"input": NEW_MEETING_TYPE}, key=acme.admin.key
    )

    assert result == {
        "data": {
            "createMeetingType": {
                "__typename": "MeetingTypeSaved",
                "meetingType": {
                    "name": "Demo",
                    "durationMinutes": 45,
                    "description": "A walk through the product.",
                    "bufferBeforeMinutes": 5,
                    "bufferAfterMinutes": 10,
                    "location": {"kind": "PHONE", "details": "+49 30 1234567"},
                },
            }
        }
    }
    assert await MeetingType.filter(organization_id=acme.organization_id).count() == 1


async def test_member_may_not_create_a_meeting_type(client: GraphQLClient, acme: Tenant) -> None:
    result = await client.execute(
        CREATE_MEETING_TYPE, {"input": NEW_MEETING_TYPE}, key=acme.member.key
    )

    assert result["data"] == {
        "createMeetingType": {"__typename": "Forbidden", "message": ADMIN_ONLY}
    }
    assert await MeetingType.all().count() == 0


async def test_create_meeting_type_reports_every_bad_field_and_writes_nothing(
    client: GraphQLClient, acme: Tenant
) -> None:
    bad = {**NEW_MEETING_TYPE, "name": "  ", "durationMinutes": 4, "bufferAfterMinutes": 721}

    result = await client.execute(CREATE_MEETING_TYPE, {"input": bad}, key=acme.admin.key)

    assert result["data"] == {
        "createMeetingType": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "durationMinutes", "message": "must be between 5 and 720 minutes"},
                {"field": "bufferAfterMinutes", "message": "must be between 0 and 720 minutes"},
                {"field": "name", "message": "must not be empty"},
            ],
        }
    }
    assert await MeetingType.all().count() == 0


async def test_update_meeting_type_changes_only_the_fields_given(
    client: GraphQLClient, acme: Tenant
) -> None:
    # given
    meeting_type = await make_meeting_type(acme.organization_id)

    # when
    result = await client.execute(
        UPDATE_MEETING_TYPE,
        {"input": {"id": global_id("MeetingType", meeting_type.id), "durationMinutes": 50}},
        key=acme.admin.key,
    )

    # then
    assert result["data"] == {
        "updateMeetingType": {
            "__typename": "MeetingTypeSaved",
            "meetingType": {
                "name": "Intro call",
                "durationMinutes": 50,
                "description": "",
                "bufferBeforeMinutes": 0,
                "bufferAfterMinutes": 0,
                "location": {"kind": "VIDEO", "details": "https://meet.example/room"},
            },
        }
    }
    stored = await MeetingType.get(id=meeting_type.id)
    assert (stored.name, stored.duration_minutes) == ("Intro call", 50)


async def test_invalid_update_of_a_meeting_type_changes_nothing(
    client: GraphQLClient, acme: Tenant
) -> None:
    meeting_type = await make_meeting_type(acme.organization_id)

    result = await client.execute(
        UPDATE_MEETING_TYPE,
        {
            "input": {
                "id": global_id("MeetingType", meeting_type.id),
                "name": "Renamed",
                "durationMinutes": 0,
            }
        },
        key=acme.admin.key,
    )

    assert result["data"] == {
        "updateMeetingType": {
            "__typename": "InvalidInput",
            "fieldErrors": [
                {"field": "durationMinutes", "message": "must be between 5 and 720 minutes"}
            ],
        }
    }
    stored = await MeetingType.get(id=meeting_type.id)
    assert (stored.name, stored.duration_minutes) == ("Intro call", 30)


async def test_meeting_types_lists_the_organizations_own_by_name(
    client: GraphQLClient, acme: Tenant
) -> None:
    # given
    globex = await create_tenant("Globex", domain="globex.test")
    await make_meeting_type(acme.organization_id, name="Workshop", duration_minutes=90)
    await make_meeting_type(acme.organization_id, name="Intro call")
    await make_meeting_type(globex.organization_id, name="Globex intro")

    # when
    result = await client.execute(MEETING_TYPES, key=acme.member.key)

    # then
    assert result == {
        "data": {
            "meetingTypes": [
                {"name": "Intro call", "durationMinutes": 30},
                {"name": "Workshop", "durationMinutes": 90},
            ]
        }
    }
