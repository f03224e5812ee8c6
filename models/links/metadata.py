"""Small JSON objects that clients attach to links and bookings (e.g. a CRM record id)."""

from __future__ import annotations

import json
from typing import Any

from models.validation import FieldErrors

MAX_KEYS = 50
MAX_BYTES = 4096
MAX_KEY_LENGTH = 100
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1


def clean_metadata(errors: FieldErrors, field: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(field, "must be a JSON object")
        return {}
    if len(value) > MAX_KEYS:
        errors.add(field, f"may hold at most {MAX_KEYS} keys")
    for key, item in value.items():
        if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH:
            errors.add(field, f"keys must be strings of 1 to {MAX_KEY_LENGTH} characters")
            break
        if not (item is None or isinstance(item, str | int | float | bool)):
            errors.add(f"{field}.{key}", "values must be strings, numbers, booleans or null")
        elif isinstance(item, int) and not MIN_INTEGER <= item <= MAX_INTEGER:
            # The JSON columns are written through orjson, which refuses wider integers.
            errors.add(f"{field}.{key}", "integers must fit in 64 bits")
    if len(json.dumps(value, separators=(",", ":"))) > MAX_BYTES:
        errors.add(field, f"must be at most {MAX_BYTES} bytes as JSON")
    return dict(value)
