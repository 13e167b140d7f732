from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from firstchoice.lib.logs import JsonFormatter


def test_it_writes_one_json_object_per_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "import %s 失败", (7,), None)
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR" and entry["message"] == "import 7 失败"
    assert "ValueError: boom" in entry["exception"] and entry["time"].endswith("+00:00")


def test_it_logs_json_to_stdout_with_log_format_json(tmp_path: Path) -> None:
    env = {**os.environ, "LOG_FORMAT": "json", "FIRSTCHOICE_VAR_DIR": str(tmp_path)}
    code = "import django, logging; django.setup(); logging.getLogger('t').warning('hello')"
    env["DJANGO_SETTINGS_MODULE"] = "firstchoice.settings"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.strip())["message"] == "hello"
