from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve firstchoice with the waitress WSGI server (static files included). "
        "HOST and PORT environment variables set the defaults (127.0.0.1:8000)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "8")))
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one background worker (`firstchoice worker`), stopped with the server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # type: ignore[import-untyped]

        from firstchoice.wsgi import application

        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"firstchoice is serving on http://{shown}:{port}/  (Ctrl+C to stop)")
        worker = _start_worker() if options["with_worker"] else None
        try:
            serve(
                application, host=host, port=port, threads=options["threads"], ident="firstchoice"
            )
        finally:
            if worker is not None:
                _stop(worker)


def _start_worker() -> subprocess.Popen[bytes]:
    script = Path(sys.argv[0])
    command = (
        [str(script)] if script.name == "firstchoice" else [sys.executable, "-m", "firstchoice.cli"]
    )
    return subprocess.Popen([*command, "worker"])  # noqa: S603  (our own console script)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()  # the worker finishes the job it is running (or exits at once when idle)
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
