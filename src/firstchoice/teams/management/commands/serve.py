from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from firstchoice.teams import pagecache

MAX_DEFAULT_WORKERS = 12


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped: each process holds the whole app."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


class Command(BaseCommand):
    help = (
        "Serve firstchoice with gunicorn: several worker processes (every core), static files "
        "included (WhiteNoise; in production collected with hashed names at the start). "
        "HOST, PORT, WEB_WORKERS, WEB_THREADS and WEB_TIMEOUT set the "
        "defaults (127.0.0.1:8000, 2 × cores + 1 up to 12, 4, 120 s)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS") or default_workers()),
            help="web processes (default: 2 × cores + 1, at most 12)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "4")),
            help="threads per web process (pages polling while others load)",
        )
        parser.add_argument(
            "--timeout", type=int, default=int(os.environ.get("WEB_TIMEOUT", "120"))
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run one background worker (`firstchoice worker`), stopped with the server",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        config = {
            "bind": f"{shown}:{port}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread" if options["threads"] > 1 else "sync",
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            "accesslog": "-",  # logs go to stdout/stderr; the service manager keeps them
            "errorlog": "-",
            "proc_name": "firstchoice",
            # gunicorn's control socket sits at one path per user: two servers would clash.
            "control_socket_disable": True,
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        }

        class Application(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from firstchoice.wsgi import application

                return application

        if settings.STATIC_MANIFEST and not static_is_current():
            # Production's hashed static files (settings.STATIC_MANIFEST): collected here,
            # so a release serves its own files and there is no step to forget.
            self.stdout.write("collecting static files (hashed names, compressed) …")
            self.stdout.flush()
            call_command("collectstatic", interactive=False, verbosity=0)
        # A new release may draw pages differently: pages cached by the last one (in a
        # shared Redis) are not served again.
        pagecache.new_version_quietly()
        self.stdout.write(
            f"firstchoice is serving on http://{shown}:{port}/ with {options['workers']} "
            f"processes × {options['threads']} threads  (Ctrl+C to stop)"
        )
        self.stdout.flush()
        worker = _start_worker() if options["with_worker"] else None
        try:
            Application().run()
        finally:
            if worker is not None:
                _stop(worker)


def static_is_current() -> bool:
    """True when STATIC_ROOT's manifest is newer than every static file of the release (an
    upgrade or a changed file makes it old): a restart then skips the collecting."""
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if not settings.STATIC_ROOT or not manifest.is_file():
        return False
    built = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > built:
                return False
    return True


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
