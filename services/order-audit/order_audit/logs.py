"""One JSON object per line on stdout: {"time", "level", "msg", ...fields}.

Use: log.info("event stored", extra=fields(eventId=...)).
"""
from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone


def fields(**values: object) -> dict:
    """Structured fields for a log call, kept apart from LogRecord's own attributes."""
    return {"fields": values}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # LOG_LEVEL uses the Node services' names (trace, debug, info, warn, error, fatal).
    root.setLevel({"TRACE": "DEBUG", "WARN": "WARNING", "FATAL": "CRITICAL"}.get(level, level))
