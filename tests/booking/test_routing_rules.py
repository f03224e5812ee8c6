"""Rule-based routing: questions on the booking form, and ordered rules that send the answers
to a pool of the link's hosts, one of whom attends (round robin within it). OnceHub: one-time
links on pages with "Rule-based assignment with Dynamic rules"; LeanData BookIt "routes a
prospect to the right owner"."""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.db.tables import Booking, WebhookEvent
from models.errors import InvalidInputError
from models.links import routing
from models.links.routing import Operator, Question, QuestionKind, Rule
from models.validation import FieldErrors
from tests.conftest import GraphQLClient
from tests.support.booking_factories import (
    at,
    create_booking_team,
    execute,
    set_hours,
    upcoming_monday,
)
from tests.support.link_factories import Team, global_id
from tests.support.routing_factories import ALL_DAY, pool_ids

SIZE = Question("size", "Company size", QuestionKind.NUMBER, required=True, minimum=1)
REGION = Question("region", "Region", QuestionKind.SINGLE_CHOICE, options=("EMEA", "Americas"))
TOPICS = Question(
    "topics", "Topics", QuestionKind.MULTIPLE_CHOICE, options=("Pricing", "Security", "API")
)
GOAL = Question("goal", "What do you want to achieve?", QuestionKind.TEXT)


# --- the rules, pure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "answer", "met"),
    [
        (Rule("region", Operator.EQUALS, (1,), ("EMEA",)), "EMEA", True),
        (Rule("region", Operator.EQUALS, (1,), ("EMEA",)), "Americas", False),
        (Rule("region", Operator.IN, (1,), ("EMEA", "Americas")), "Americas", True),
        (Rule("topics", Operator.CONTAINS, (1,), ("API",)), ("Pricing", "API"), True),
        (Rule("topics", Operator.IN, (1,), ("Security", "API")), ("Pricing",), False),
        (Rule("goal", Operator.CONTAINS, (1,), ("migrat",)), "Migrate off Calendly", True),
        (Rule("goal", Operator.EQUALS, (1,), ("demo",)), "DEMO", True),
        (Rule("size", Operator.BETWEEN, (1,), (), 500, None), 500.0, True),
        (Rule("size", Operator.BETWEEN, (1,), (), 500, None), 499.0, False),
        (Rule("size", Operator.BETWEEN, (1,), (), 10, 49), 50.0, False),
        (Rule("size", Operator.EQUALS, (1,), ("42",)), 42.0, True),
    ],
)
def test_a_rule_is_met_by_the_answers_it_names(
    rule: Rule, answer: routing.Answer, met: bool
) -> None:
    assert routing.matches(rule, answer) is met


def test_the_first_rule_met_wins_and_none_met_means_every_host() -> None:
    rules = [
        Rule("size", Operator.BETWEEN, (3,), (), 500, None),
        Rule("region", Operator.EQUALS, (2,), ("EMEA",)),
    ]

    assert routing.route(rules, {"size": 1000.0, "region": "EMEA"}) == (3,)
    assert routing.route(rules, {"size": 10.0, "region": "EMEA"}) == (2,)
    assert routing.route(rules, {"size": 10.0, "region": "Americas"}) is None
    assert routing.route(rules, {}) is None


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        (Rule("budget", Operator.EQUALS, (1,), ("x",)), "question", "no question 'budget'"),
        (Rule("region", Operator.BETWEEN, (1,), (), 1, 2), "operator", "takes EQUALS, IN"),
        (Rule("region", Operator.EQUALS, (1,), ("APAC",)), "values", "'APAC' is not an option"),
        (Rule("region", Operator.EQUALS, (1,), ("EMEA", "Americas")), "values", "exactly one"),
        (Rule("size", Operator.BETWEEN, (1,), ()), "minimum", "a minimum, a maximum or both"),
        (Rule("size", Operator.BETWEEN, (1,), (), 9, 1), "maximum", "not be below"),
        (Rule("region", Operator.EQUALS, (), ("EMEA",)), "hostIds", "give the pool"),
        (Rule("region", Operator.EQUALS, (7,), ("EMEA",)), "hostIds", "a host of the link"),
    ],
)
def test_a_rule_that_cannot_work_is_refused_by_field(rule: Rule, field: str, message: str) -> None:
    errors = FieldErrors()

    routing.clean_rules(errors, [rule], [SIZE, REGION, TOPICS, GOAL], host_ids=[1, 2])

    with pytest.raises(InvalidInputError) as refused:
        errors.raise_if_any()
    [error] = refused.value.field_errors
    assert error.field == f"routingRules[0].{field}"
    assert message in error.message


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({}, "answers.size", "Company size: please answer"),
        ({"size": "many"}, "answers.size", "give a number"),
        ({"size": 0.0}, "answers.size", "at least 1"),
        ({"size": 5.0, "region": "APAC"}, "answers.region", "choose one of its options"),
        ({"size": 5.0, "topics": ("Cooking",)}, "answers.topics", "choose among its options"),
        ({"size": 5.0, "budget": "high"}, "answers.budget", "asks no such question"),
    ],
)
def test_answers_are_checked_against_their_questions(
    given: dict[str, routing.Answer], field: str, message: str
) -> None:
    errors = FieldErrors()

    routing.clean_answers(errors, [SIZE, REGION, TOPICS, GOAL], given)

    with pytest.raises(InvalidInputError) as refused:
        errors.raise_if_any()
    [error] = refused.value.field_errors
    assert (error.field, message in error.message) == (field, True)


# --- through the API -----------------------------------------------------------------------

CREATE = """
mutation ($input: CreateLinkInput!) {
  createLink(input: $input) {
    __typename
    ... on LinkSaved { link { id slug questions { key kind options } routingRules { question } } }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
PAGE = """
query ($key: String!) {
  publicLink(key: $key) { ... on PublicLink { assignment questions { key label kind } } }
}
"""
BOOK = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) {
    __typename
    ... on BookingConfirmed {
      booking { hostNames answers { question label value } }
      ownerView { id answers { label value } }
    }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
MINT = """
mutation ($input: CreateSingleUseLinkInput!) {
  createSingleUseLink(input: $input) {
    __typename
    ... on SingleUseLinkCreated { token }
    ... on InvalidInput { fieldErrors { field message } }
  }
}
"""
QUESTIONS: list[dict[str, Any]] = [
    {"key": "size", "label": "Company size", "kind": "NUMBER", "required": True, "minimum": 1},
    {"key": "region", "label": "Region", "kind": "SINGLE_CHOICE", "options": ["EMEA", "Americas"]},
    {"key": "goal", "label": "Your goal", "kind": "TEXT"},
]


@pytest.fixture
async def team(client: GraphQLClient) -> Team:
    team = await create_booking_team()
    for user_id in pool_ids(team).values():
        await set_hours(user_id, ALL_DAY)
    return team


async def rules_link(client: GraphQLClient, team: Team) -> dict[str, Any]:
    """Enterprise (500+) goes to Olga, EMEA to Hana; anyone else to any of the three."""
    ids = {name: global_id("User", user_id) for name, user_id in pool_ids(team).items()}
    created = await execute(
        client,
        CREATE,
        {
            "input": {
                "name": "Routed demo",
                "slug": "routed",
                "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
                "hostIds": [ids["max"], ids["hana"], ids["olga"]],
                "assignment": "RULES",
                "minimumNoticeMinutes": 0,
                "questions": QUESTIONS,
                "routingRules": [
                    {
                        "question": "size",
                        "operator": "BETWEEN",
                        "minimum": 500,
                        "hostIds": [ids["olga"]],
                    },
                    {
                        "question": "region",
                        "operator": "EQUALS",
                        "values": ["EMEA"],
                        "hostIds": [ids["hana"]],
                    },
                ],
            }
        },
        key=team.admin.key,
    )
    link: dict[str, Any] = created["createLink"]["link"]
    return link


def booking(key: str, clock: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "input": {
            "key": key,
            "start": at(upcoming_monday(), clock).isoformat(),
            "invitee": {"name": "Pat Prospect", "email": "pat@prospect.example"},
            "answers": answers,
        }
    }


async def test_the_answers_route_the_meeting_to_the_first_pool_they_meet(
    client: GraphQLClient, team: Team
) -> None:
    await rules_link(client, team)
    enterprise: list[dict[str, Any]] = [
        {"question": "size", "number": 2000},
        {"question": "region", "text": "EMEA"},
    ]
    emea: list[dict[str, Any]] = [
        {"question": "size", "number": 20},
        {"question": "region", "text": "EMEA"},
    ]
    other: list[dict[str, Any]] = [
        {"question": "size", "number": 20},
        {"question": "region", "text": "Americas"},
    ]

    first = await execute(client, BOOK, booking("acme/routed", "09:00", enterprise))
    second = await execute(client, BOOK, booking("acme/routed", "10:00", emea))
    third = await execute(client, BOOK, booking("acme/routed", "11:00", other))

    assert first["bookMeeting"]["booking"]["hostNames"] == ["Olga Other"]
    assert second["bookMeeting"]["booking"]["hostNames"] == ["Hana Host"]
    # no rule met: round robin over every host, Max's turn first
    assert third["bookMeeting"]["booking"]["hostNames"] == ["Max Member"]
    assert first["bookMeeting"]["booking"]["answers"] == [
        {"question": "size", "label": "Company size", "value": "2000"},
        {"question": "region", "label": "Region", "value": "EMEA"},
    ]


async def test_the_answers_are_kept_on_the_booking_for_the_log_and_the_webhooks(
    client: GraphQLClient, team: Team
) -> None:
    await rules_link(client, team)
    answers: list[dict[str, Any]] = [
        {"question": "size", "number": 12},
        {"question": "goal", "text": "Replace our scheduling tool"},
    ]

    answer = await execute(
        client, BOOK, booking("acme/routed", "09:00", answers), key=team.admin.key
    )

    assert answer["bookMeeting"]["ownerView"]["answers"] == [
        {"label": "Company size", "value": "12"},
        {"label": "Your goal", "value": "Replace our scheduling tool"},
    ]
    stored = await Booking.get()
    assert stored.answers == {"size": 12.0, "goal": "Replace our scheduling tool"}
    created = await WebhookEvent.filter(type="booking.created").get()
    assert json.loads(created.payload)["data"]["booking"]["answers"] == stored.answers


async def test_answers_that_do_not_fit_are_refused_by_field_and_nothing_is_booked(
    client: GraphQLClient, team: Team
) -> None:
    await rules_link(client, team)

    answer = await execute(
        client,
        BOOK,
        booking("acme/routed", "09:00", [{"question": "region", "text": "APAC"}]),
    )

    assert answer["bookMeeting"]["__typename"] == "InvalidInput"
    assert sorted(error["field"] for error in answer["bookMeeting"]["fieldErrors"]) == [
        "answers.region",
        "answers.size",
    ]
    assert await Booking.all().count() == 0


async def test_a_personalized_single_use_link_carries_answers_the_invitee_is_not_asked(
    client: GraphQLClient, team: Team
) -> None:
    link = await rules_link(client, team)
    minted = await execute(
        client,
        MINT,
        {
            "input": {
                "linkId": link["id"],
                "invitee": {"name": "Erin Enterprise", "email": "erin@big.example"},
                "answers": [{"question": "size", "number": 5000}],
            }
        },
        key=team.admin.key,
    )
    assert minted["createSingleUseLink"]["__typename"] == "SingleUseLinkCreated", minted
    token = minted["createSingleUseLink"]["token"]

    page = await execute(client, PAGE, {"key": token})
    booked = await execute(
        client,
        BOOK,
        {"input": {"key": token, "start": at(upcoming_monday(), "09:00").isoformat()}},
    )

    assert [question["key"] for question in page["publicLink"]["questions"]] == ["region", "goal"]
    assert page["publicLink"]["assignment"] == "RULES"
    # the carried answer routed it: enterprise goes to Olga
    assert booked["bookMeeting"]["booking"]["hostNames"] == ["Olga Other"]


async def test_a_rule_naming_a_question_the_link_does_not_ask_is_refused(
    client: GraphQLClient, team: Team
) -> None:
    created = await execute(
        client,
        CREATE,
        {
            "input": {
                "name": "Broken routing",
                "meetingTypeId": global_id("MeetingType", team.meeting_type.id),
                "assignment": "RULES",
                "questions": QUESTIONS,
                "routingRules": [
                    {
                        "question": "budget",
                        "operator": "EQUALS",
                        "values": ["high"],
                        "hostIds": [global_id("User", team.owner.user_id)],
                    }
                ],
            }
        },
        key=team.admin.key,
    )

    assert created["createLink"] == {
        "__typename": "InvalidInput",
        "fieldErrors": [
            {"field": "routingRules[0].question", "message": "the link has no question 'budget'"}
        ],
    }


MOVE = """
mutation ($token: String!, $start: DateTime!) {
  rescheduleBooking(input: {manageToken: $token, start: $start}) {
    __typename
    ... on BookingRescheduled { booking { hostNames } }
  }
}
"""
BOOK_FOR_TOKEN = """
mutation ($input: BookMeetingInput!) {
  bookMeeting(input: $input) { ... on BookingConfirmed { manageToken booking { hostNames } } }
}
"""


async def test_a_routed_meeting_moves_only_within_the_pool_its_answers_chose(
    client: GraphQLClient, team: Team
) -> None:
    # EMEA routes to Hana alone; Max and Olga are free at 14:00, Hana is not
    await rules_link(client, team)
    emea: list[dict[str, Any]] = [
        {"question": "size", "number": 20},
        {"question": "region", "text": "EMEA"},
    ]
    booked = await execute(client, BOOK_FOR_TOKEN, booking("acme/routed", "09:00", emea))
    assert booked["bookMeeting"]["booking"]["hostNames"] == ["Hana Host"]
    await execute(client, BOOK, booking("acme/routed", "14:00", emea))  # Hana's 14:00
    token = booked["bookMeeting"]["manageToken"]

    taken = await execute(
        client, MOVE, {"token": token, "start": at(upcoming_monday(), "14:00").isoformat()}
    )
    free = await execute(
        client, MOVE, {"token": token, "start": at(upcoming_monday(), "15:00").isoformat()}
    )

    assert taken["rescheduleBooking"]["__typename"] == "SlotUnavailable"
    assert free["rescheduleBooking"]["booking"]["hostNames"] == ["Hana Host"]
