"""Decoding a GraphQL request's JSON: malformed input is the client's mistake, answered with
a 400 that says what is wrong, never an exception that reaches the server's error handler."""

from __future__ import annotations

import json

from cross_web import HTTPException

MAX_JSON_NESTING = 32


def decode_request_json(data: str | bytes) -> dict[str, object]:
    """The body of a POST, or the ``variables``/``extensions`` of a GET: an object each
    (batches of operations are not served)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "The request body is not valid UTF-8.") from None
    try:
        # The standard library's decoder, not orjson: integers wider than 64 bits must reach
        # the schema, which refuses them as invalid input naming the field.
        value = json.loads(data)
    except json.JSONDecodeError:
        raise HTTPException(400, "The request body is not valid JSON.") from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # an integer longer than the interpreter converts (4,300 digits)
        raise HTTPException(400, "The request body holds a number too long to read.") from None
    if not isinstance(value, dict):
        raise HTTPException(400, "The request's JSON must be an object.")
    if _nesting(value) > MAX_JSON_NESTING:
        raise _too_deep()
    return value


def _too_deep() -> HTTPException:
    return HTTPException(
        400, f"The request's JSON is nested more than {MAX_JSON_NESTING} levels deep."
    )


def _nesting(value: object) -> int:
    """Iterative, so that no depth of input can exhaust the interpreter's stack."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_JSON_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
