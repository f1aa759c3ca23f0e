#!/usr/bin/env python3
"""Turn the services' JSON log lines (one object per line) into short readable lines for a terminal.

Usage: <service> | format-logs.py NAME
"""
import json
import sys

LEVELS = {"Trace": "TRACE", "Debug": "DEBUG", "Information": "INFO ", "Warning": "WARN ", "Error": "ERROR", "Critical": "CRIT "}

name = sys.argv[1] if len(sys.argv) > 1 else "?"
for line in sys.stdin:
    try:
        event = json.loads(line)
        time = event.get("Timestamp", "")[11:23]
        level = LEVELS.get(event.get("Level"), event.get("Level", ""))
        category = event.get("Category", "").rsplit(".", 1)[-1]
        text = f"{time} {level} [{name}] {category}: {event.get('Message', '')}"
        if event.get("Exception"):
            text += "\n    " + event["Exception"].splitlines()[0]
    except (json.JSONDecodeError, AttributeError):
        text = f"[{name}] {line.rstrip()}"
    print(text, flush=True)
