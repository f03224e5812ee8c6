"""The messages' templates: the built-in ones, each replaceable by a file of the same name in
the operator's folder. HTML is escaped by the template engine; text is not HTML and is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

BUILT_IN = Path(__file__).parent / "templates"
SUBJECTS = "subjects.txt"
TEXT = "message.txt"
HTML = "message.html"


class MailTemplates:
    def __init__(self, override: Path | None = None) -> None:
        loaders: list[BaseLoader] = [FileSystemLoader(BUILT_IN)]
        if override is not None:
            loaders.insert(0, FileSystemLoader(override))
        self._environment = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            # Read once per process: asking the disk before each message cost a system call.
            auto_reload=False,
        )

    def render(self, name: str, values: dict[str, Any]) -> str:
        return self._environment.get_template(name).render(values)
