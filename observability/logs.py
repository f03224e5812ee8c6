"""Log lines as JSON objects, one per line, on stderr."""

from __future__ import annotations

import json
import logging
import sys
import threading
from types import TracebackType
from typing import Any


class JsonFormatter(logging.Formatter):
    """Log records as JSON objects; ``extra={"fields": {...}}`` adds fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """For uvicorn's ``log_config``: every line as JSON on stderr, ours, uvicorn's and any
    library's (warnings and up); uvicorn's own access log is off (its lines carry full
    paths, and ours says more)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "slotlink": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def log_stray_output() -> None:
    """Sends what Python would print as plain text to the logs instead: warnings, and the
    tracebacks of exceptions that end a thread or the process. (asyncio's "exception was
    never retrieved" already goes through its logger.)"""
    logging.captureWarnings(True)
    crashes = logging.getLogger("slotlink.crash")

    def log_thread_crash(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        thread = args.thread.name if args.thread is not None else "?"
        crashes.error(
            "a thread ended with an exception",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            extra={"fields": {"thread": thread}},
        )

    def log_process_crash(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        crashes.critical("the process ended with an exception", exc_info=(kind, error, trace))

    threading.excepthook = log_thread_crash
    sys.excepthook = log_process_crash
