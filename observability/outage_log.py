"""One log line a minute per kind of database outage, however many requests it fails: an
outage must not write a line per request."""

from __future__ import annotations

import logging
import time

from models.db.problems import Outage, database_problem

logger = logging.getLogger("slotlink.errors")
LOG_EVERY_SECONDS = 60.0


class OutageLog:
    def __init__(self, database_url: str = "") -> None:
        self.database_url = database_url
        self._logged_at: dict[Outage, float] = {}

    def record(self, outage: Outage, error: BaseException) -> None:
        now = time.monotonic()
        if now - self._logged_at.get(outage, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
            return
        self._logged_at[outage] = now
        problem = database_problem(error, self.database_url) or str(error)
        what = "storage full" if outage is Outage.STORAGE_FULL else "database unavailable"
        logger.error("%s: %s", what, problem, extra={"fields": {"outage": outage.value}})


# Process-wide, like the log itself: the GraphQL layer and the HTTP edge share it.
outage_log = OutageLog()
