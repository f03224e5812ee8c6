"""Questions on a link's booking form, and the rules that route the answers to a pool of its
hosts (OnceHub's "Rule-based assignment with Dynamic rules", LeanData's routing). Pure: what
is stored as JSON on the link, checked on the way in, and applied to a booking's answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.validation import FieldErrors

MAX_QUESTIONS = 20
MAX_RULES = 50
MAX_OPTIONS = 50
MAX_TEXT = 500
KEY_LENGTH = 40


class QuestionKind(StrEnum):
    SINGLE_CHOICE = "SINGLE_CHOICE"
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    TEXT = "TEXT"
    NUMBER = "NUMBER"


class Operator(StrEnum):
    # The answer is this value (a choice, a text ignoring case, a number).
    EQUALS = "EQUALS"
    # The answer is one of the values (of a multiple choice: one of them is chosen).
    IN = "IN"
    # A text holds the value (ignoring case); a multiple choice has it among its choices.
    CONTAINS = "CONTAINS"
    # A number within [minimum, maximum] (either may be open).
    BETWEEN = "BETWEEN"


_OPERATORS = {
    QuestionKind.SINGLE_CHOICE: {Operator.EQUALS, Operator.IN},
    QuestionKind.MULTIPLE_CHOICE: {Operator.IN, Operator.CONTAINS},
    QuestionKind.TEXT: {Operator.EQUALS, Operator.IN, Operator.CONTAINS},
    QuestionKind.NUMBER: {Operator.EQUALS, Operator.BETWEEN},
}

Answer = str | float | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    label: str
    kind: QuestionKind
    required: bool = False
    options: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind.value,
            "required": self.required,
            "options": list(self.options),
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    @classmethod
    def of_json(cls, raw: Mapping[str, Any]) -> Question:
        return cls(
            key=str(raw["key"]),
            label=str(raw["label"]),
            kind=QuestionKind(raw["kind"]),
            required=bool(raw.get("required", False)),
            options=tuple(str(option) for option in raw.get("options", ())),
            minimum=raw.get("minimum"),
            maximum=raw.get("maximum"),
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """When the answer to ``question`` meets the condition, one host of ``host_ids`` attends."""

    question: str
    operator: Operator
    host_ids: tuple[int, ...]
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "operator": self.operator.value,
            "values": list(self.values),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "hostIds": list(self.host_ids),
        }

    @classmethod
    def of_json(cls, raw: Mapping[str, Any]) -> Rule:
        return cls(
            question=str(raw["question"]),
            operator=Operator(raw["operator"]),
            host_ids=tuple(int(host) for host in raw["hostIds"]),
            values=tuple(str(value) for value in raw.get("values", ())),
            minimum=raw.get("minimum"),
            maximum=raw.get("maximum"),
        )


def questions_of(raw: Sequence[Mapping[str, Any]]) -> list[Question]:
    return [Question.of_json(each) for each in raw]


def rules_of(raw: Sequence[Mapping[str, Any]]) -> list[Rule]:
    return [Rule.of_json(each) for each in raw]


# --- checked on the way in -----------------------------------------------------------------


def clean_questions(errors: FieldErrors, questions: Sequence[Question]) -> list[Question]:
    if len(questions) > MAX_QUESTIONS:
        errors.add("questions", f"at most {MAX_QUESTIONS} questions")
        return []
    cleaned: list[Question] = []
    seen: set[str] = set()
    for i, question in enumerate(questions):
        field = f"questions[{i}]"
        key = question.key.strip()
        label = question.label.strip()
        if not key or len(key) > KEY_LENGTH or not key.replace("_", "").replace("-", "").isalnum():
            errors.add(f"{field}.key", f"1-{KEY_LENGTH} letters, digits, - or _")
        elif key in seen:
            errors.add(f"{field}.key", f"another question already has the key {key!r}")
        seen.add(key)
        if not label or len(label) > 200:
            errors.add(f"{field}.label", "give a label of 1-200 characters")
        options = tuple(dict.fromkeys(option.strip() for option in question.options))
        choices = question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
        if choices and not 1 <= len(options) <= MAX_OPTIONS:
            errors.add(f"{field}.options", f"a choice needs 1-{MAX_OPTIONS} options")
        elif choices and any(not option or len(option) > 200 for option in options):
            errors.add(f"{field}.options", "each option has 1-200 characters")
        elif not choices and options:
            errors.add(f"{field}.options", f"a {question.kind.value} question has no options")
        bounded = question.minimum is not None or question.maximum is not None
        if bounded and question.kind is not QuestionKind.NUMBER:
            errors.add(f"{field}.minimum", "only a NUMBER question has bounds")
        elif _inverted(question.minimum, question.maximum):
            errors.add(f"{field}.maximum", "must not be below the minimum")
        cleaned.append(
            Question(
                key,
                label,
                question.kind,
                question.required,
                options,
                question.minimum,
                question.maximum,
            )
        )
    return cleaned


def clean_rules(
    errors: FieldErrors,
    rules: Sequence[Rule],
    questions: Sequence[Question],
    host_ids: Sequence[int],
) -> list[Rule]:
    """Each rule names a question of the link, an operator that fits it, values it can be
    answered with, and a pool among the link's hosts."""
    if len(rules) > MAX_RULES:
        errors.add("routingRules", f"at most {MAX_RULES} rules")
        return []
    by_key = {question.key: question for question in questions}
    cleaned: list[Rule] = []
    for i, rule in enumerate(rules):
        field = f"routingRules[{i}]"
        question = by_key.get(rule.question)
        if question is None:
            errors.add(f"{field}.question", f"the link has no question {rule.question!r}")
            continue
        if rule.operator not in _OPERATORS[question.kind]:
            allowed = ", ".join(sorted(op.value for op in _OPERATORS[question.kind]))
            errors.add(f"{field}.operator", f"a {question.kind.value} question takes {allowed}")
            continue
        values = tuple(value.strip() for value in rule.values)
        if rule.operator is Operator.BETWEEN:
            if rule.minimum is None and rule.maximum is None:
                errors.add(f"{field}.minimum", "give a minimum, a maximum or both")
            elif _inverted(rule.minimum, rule.maximum):
                errors.add(f"{field}.maximum", "must not be below the minimum")
        elif not values or (rule.operator is not Operator.IN and len(values) != 1):
            errors.add(
                f"{field}.values",
                f"{rule.operator.value} takes "
                + ("one or more values" if rule.operator is Operator.IN else "exactly one value"),
            )
        elif question.options:
            unknown = [value for value in values if value not in question.options]
            if unknown:
                errors.add(
                    f"{field}.values",
                    f"{unknown[0]!r} is not an option of {question.label!r}",
                )
        elif question.kind is QuestionKind.NUMBER and not all(map(_is_number, values)):
            errors.add(f"{field}.values", "a NUMBER question is compared with numbers")
        pool = tuple(dict.fromkeys(rule.host_ids))
        if not pool:
            errors.add(f"{field}.hostIds", "give the pool: one or more of the link's hosts")
        elif any(host not in host_ids for host in pool):
            errors.add(f"{field}.hostIds", "every host of the pool must be a host of the link")
        cleaned.append(Rule(rule.question, rule.operator, pool, values, rule.minimum, rule.maximum))
    return cleaned


def clean_answers(
    errors: FieldErrors, questions: Sequence[Question], given: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The booking's answers, each of the type its question asks; required ones present."""
    by_key = {question.key: question for question in questions}
    for key in given:
        if key not in by_key:
            errors.add(f"answers.{key}", "the link asks no such question")
    answers: dict[str, Answer] = {}
    for question in questions:
        field = f"answers.{question.key}"
        answer = given.get(question.key)
        if answer is None or answer == "" or answer == ():
            if question.required:
                errors.add(field, f"{question.label}: please answer")
            continue
        cleaned = _clean_answer(errors, field, question, answer)
        if cleaned is not None:
            answers[question.key] = cleaned
    return answers


def _clean_answer(
    errors: FieldErrors, field: str, question: Question, answer: Answer
) -> Answer | None:
    kind = question.kind
    if kind is QuestionKind.NUMBER:
        if not isinstance(answer, float | int) or isinstance(answer, bool):
            errors.add(field, f"{question.label}: give a number")
            return None
        number = float(answer)
        if question.minimum is not None and number < question.minimum:
            errors.add(field, f"{question.label}: at least {question.minimum:g}")
        elif question.maximum is not None and number > question.maximum:
            errors.add(field, f"{question.label}: at most {question.maximum:g}")
        return number
    if kind is QuestionKind.MULTIPLE_CHOICE:
        chosen = (answer,) if isinstance(answer, str) else answer
        if not isinstance(chosen, tuple) or any(c not in question.options for c in chosen):
            errors.add(field, f"{question.label}: choose among its options")
            return None
        return tuple(dict.fromkeys(chosen))
    if not isinstance(answer, str):
        errors.add(field, f"{question.label}: give one answer as text")
        return None
    text = answer.strip()
    if kind is QuestionKind.SINGLE_CHOICE and text not in question.options:
        errors.add(field, f"{question.label}: choose one of its options")
        return None
    if len(text) > MAX_TEXT:
        errors.add(field, f"{question.label}: at most {MAX_TEXT} characters")
        return None
    return text


# --- applied to a booking ------------------------------------------------------------------


def route(rules: Sequence[Rule], answers: Mapping[str, Answer]) -> tuple[int, ...] | None:
    """The pool of the first rule the answers meet; None: none does (the link's hosts)."""
    for rule in rules:
        answer = answers.get(rule.question)
        if answer is not None and matches(rule, answer):
            return rule.host_ids
    return None


def matches(rule: Rule, answer: Answer) -> bool:
    if isinstance(answer, tuple):
        chosen = set(answer)
        return bool(chosen & set(rule.values))
    if isinstance(answer, float | int):
        if rule.operator is Operator.BETWEEN:
            low, high = rule.minimum, rule.maximum
            return (low is None or answer >= low) and (high is None or answer <= high)
        return any(_is_number(value) and float(value) == answer for value in rule.values)
    text = answer.casefold()
    values = [value.casefold() for value in rule.values]
    if rule.operator is Operator.CONTAINS:
        return any(value in text for value in values)
    return text in values


def answers_as_json(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()
    }


def answers_of_json(raw: Mapping[str, Any]) -> dict[str, Answer]:
    return {
        str(key): tuple(str(v) for v in value) if isinstance(value, list) else value
        for key, value in raw.items()
    }


def _inverted(minimum: float | None, maximum: float | None) -> bool:
    return minimum is not None and maximum is not None and maximum < minimum


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
