"""The README's walkthrough, run as a person would paste it: every shell block in one bash
session against a real server on a fresh database, each answer compared with the one the
README shows. Dates, tokens and times may differ; keys, values and list lengths may not."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import free_port, wait_until_ready

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SLOTLINK = Path(sys.executable).with_name("slotlink")
README_BASE = "http://127.0.0.1:8000"
END_OF_STEP = "<<<end of step>>>"

_VARYING = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)"), "<time>"),
    (re.compile(r"m_[A-Za-z0-9_-]{43}"), "<manage token>"),
    (re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), "<token>"),
    (re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])"), "<decimal>"),
]


@dataclass(frozen=True, slots=True)
class Step:
    script: str
    answer: str | None
    answer_kind: str | None


def walkthrough_steps(readme: str) -> list[Step]:
    section = readme.split("<!-- walkthrough:start -->", 1)[1].split("<!-- walkthrough:end -->")[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, flags=re.DOTALL)
    steps: list[Step] = []
    for kind, text in blocks:
        if kind == "sh":
            steps.append(Step(text, None, None))
        else:
            assert steps, f"a {kind} block before any command"
            assert steps[-1].answer is None, f"a second {kind} block for one command"
            steps[-1] = Step(steps[-1].script, text, kind)
    return steps


def _normalized(value: Any, base: str) -> Any:
    if isinstance(value, dict):
        return {key: _normalized(item, base) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item, base) for item in value]
    if isinstance(value, float):
        return "<decimal>"
    if isinstance(value, str):
        text = value.replace(base, README_BASE)
        for pattern, placeholder in _VARYING:
            text = pattern.sub(placeholder, text)
        return text
    return value


def _csv_rows(text: str, base: str) -> list[list[Any]]:
    return [_normalized(row, base) for row in csv.reader(io.StringIO(text.strip()))]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A fresh database seeded as ``make serve`` seeds it; yields the base URL and the key."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{tmp_path / 'walkthrough.db'}",
        "SLOTLINK_ENV": "development",
        "SLOTLINK_PUBLIC_URL": base,
    }
    for command in (["migrate"], ["seed-demo"]):
        done = subprocess.run(
            [str(SLOTLINK), *command],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    [key] = re.findall(r"API key \(shown once\): (sl_\S+)", done.stdout)
    process = subprocess.Popen(
        [str(SLOTLINK), "serve", "--port", str(port), "--log-level", "warning"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_ready(base, process)
        yield base, key
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.skipif(shutil.which("jq") is None, reason="the walkthrough needs jq")
def test_every_walkthrough_command_answers_as_the_readme_shows(
    server: tuple[str, str], tmp_path: Path
) -> None:
    base, key = server
    steps = walkthrough_steps((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "KEY=sl_…" in steps[0].script, "the first block sets the key make serve printed"
    # What the reader types: the address and the key of their own server.
    setup = steps[0].script.replace(README_BASE, base).replace("KEY=sl_…", f"KEY={key}")
    script = "set -euo pipefail\n" + "\n".join(
        f"{setup if index == 0 else step.script}\necho '{END_OF_STEP}'"
        for index, step in enumerate(steps)
    )

    finished = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    outputs = finished.stdout.split(END_OF_STEP + "\n")[:-1]
    assert len(outputs) == len(steps)
    for step, output in zip(steps, outputs, strict=True):
        if step.answer is None:
            assert output.strip() == "", f"{step.script!r} printed {output!r}"
            continue
        if step.answer_kind == "json":
            assert _normalized(json.loads(output), base) == _normalized(
                json.loads(step.answer), README_BASE
            ), step.script
        else:
            assert step.answer_kind == "csv"
            assert _csv_rows(output, base) == _csv_rows(step.answer, README_BASE), step.script
