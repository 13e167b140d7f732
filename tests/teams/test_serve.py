"""`firstchoice serve`: gunicorn with several processes, static files, a worker alongside."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from firstchoice.teams.management.commands.serve import default_workers

FIRSTCHOICE = Path(sys.executable).parent / "firstchoice"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_it_defaults_to_two_processes_per_core_plus_one_capped() -> None:
    assert 3 <= default_workers() <= 12


@pytest.mark.django_db(transaction=True)
def test_it_serves_pages_and_static_files_from_several_processes_with_a_worker(
    tmp_path: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the server itself is the same on PostgreSQL")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "FIRSTCHOICE_VAR_DIR": str(tmp_path),
        "HEARTBEAT_EVERY": "1",
    }
    server = subprocess.Popen(
        [str(FIRSTCHOICE), "serve", "--port", str(port), "--workers", "2", "--with-worker"],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        status, body = 0, b""
        while time.monotonic() < deadline:
            try:
                status, body = _get(base + "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, body  # database, migrations, and the worker beating
        assert json.loads(body)["checks"]["worker"] == "ok"
        assert _get(base + "/login/")[0] == 200
        status, css = _get(base + "/static/firstchoice/app.css")
        assert status == 200 and len(css) > 100
        children = subprocess.run(
            ["ps", "--ppid", str(server.pid), "-o", "args="],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert children.count("worker") >= 1  # the background worker
        assert sum("gunicorn" in line or "serve" in line for line in children.splitlines()) >= 2
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True).stdout == b""
