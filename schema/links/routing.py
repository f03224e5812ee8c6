"""A link's booking-form questions, the rules routing answers to pools, and answers given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from models.links import routing
from models.validation import FieldErrors


@strawberry.enum
class QuestionKind(Enum):
    SINGLE_CHOICE = "SINGLE_CHOICE"
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    TEXT = "TEXT"
    NUMBER = "NUMBER"


@strawberry.enum(
    description=(
        "EQUALS: the answer is the value (a text ignoring case). IN: one of the values (of a "
        "multiple choice: one of them chosen). CONTAINS: a text holds the value, or a multiple "
        "choice has it chosen. BETWEEN: a number within [minimum, maximum]."
    )
)
class RoutingOperator(Enum):
    EQUALS = "EQUALS"
    IN = "IN"
    CONTAINS = "CONTAINS"
    BETWEEN = "BETWEEN"


@strawberry.type(description="A question of the booking form.")
class Question:
    key: str = strawberry.field(description="How answers and rules name it.")
    label: str
    kind: QuestionKind
    required: bool
    options: list[str] = strawberry.field(description="The choices of a choice question.")
    minimum: float | None
    maximum: float | None

    @classmethod
    def of(cls, question: routing.Question) -> Question:
        return cls(
            key=question.key,
            label=question.label,
            kind=QuestionKind(question.kind.value),
            required=question.required,
            options=list(question.options),
            minimum=question.minimum,
            maximum=question.maximum,
        )


@strawberry.type(
    description="When the answer to a question meets the condition, one host of the pool "
    "attends. The first rule met wins; none met: any host of the link."
)
class RoutingRule:
    question: str
    operator: RoutingOperator
    values: list[str]
    minimum: float | None
    maximum: float | None
    host_ids: list[relay.GlobalID] = strawberry.field(description="The pool: hosts of the link.")

    @classmethod
    def of(cls, rule: routing.Rule) -> RoutingRule:
        return cls(
            question=rule.question,
            operator=RoutingOperator(rule.operator.value),
            values=list(rule.values),
            minimum=rule.minimum,
            maximum=rule.maximum,
            host_ids=[relay.GlobalID("User", str(host)) for host in rule.host_ids],
        )


@strawberry.input
class QuestionInput:
    key: str
    label: str
    kind: QuestionKind
    required: bool = False
    options: list[str] = strawberry.field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None

    def question(self) -> routing.Question:
        return routing.Question(
            key=self.key,
            label=self.label,
            kind=routing.QuestionKind(self.kind.value),
            required=self.required,
            options=tuple(self.options),
            minimum=self.minimum,
            maximum=self.maximum,
        )


@strawberry.input
class RoutingRuleInput:
    question: str = strawberry.field(description="A question's key.")
    operator: RoutingOperator
    host_ids: list[relay.GlobalID] = strawberry.field(description="The pool: hosts of the link.")
    values: list[str] = strawberry.field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None


@strawberry.input(description="Give one of text (a text or single choice), choices or number.")
class AnswerInput:
    question: str = strawberry.field(description="The question's key.")
    text: str | None = None
    choices: list[str] | None = None
    number: float | None = None


@strawberry.type(description="An answer given when booking, as its question reads now.")
class BookingAnswer:
    question: str
    label: str
    value: str = strawberry.field(description="For a person to read: choices joined by commas.")


def answers_given(given: Sequence[AnswerInput] | None) -> dict[str, routing.Answer]:
    """By question key; a mistake in the shape of an answer names ``answers[i]``."""
    errors = FieldErrors()
    answers: dict[str, routing.Answer] = {}
    for i, answer in enumerate(given or []):
        forms = [form for form in (answer.text, answer.choices, answer.number) if form is not None]
        if len(forms) != 1:
            errors.add(f"answers[{i}]", "give one of text, choices or number")
            continue
        if answer.question in answers:
            errors.add(f"answers[{i}].question", f"{answer.question!r} is answered twice")
            continue
        if answer.choices is not None:
            answers[answer.question] = tuple(answer.choices)
        elif answer.number is not None:
            answers[answer.question] = answer.number
        else:
            assert answer.text is not None
            answers[answer.question] = answer.text
    errors.raise_if_any()
    return answers


def booking_answers(raw: Mapping[str, Any], questions: Sequence[Any]) -> list[BookingAnswer]:
    """``questions``: the link's, as stored; an answer to a question since removed keeps its key
    as its label."""
    labels = {str(question["key"]): str(question["label"]) for question in questions}
    order = {key: position for position, key in enumerate(labels)}
    in_order = sorted(raw.items(), key=lambda item: order.get(item[0], len(order)))
    return [
        BookingAnswer(question=key, label=labels.get(key, key), value=_readable(value))
        for key, value in in_order
    ]


def _readable(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, float | int):
        return f"{value:g}"
    return str(value)
