"""P3 pages, one client: CPU milliseconds per request for each page of bench/p3_pages.py.

    DJANGO_SETTINGS_MODULE=firstchoice.settings DEBUG=false SECRET_KEY=x \\
      DATABASE_URL=sqlite:///$PWD/bench/data/p3_demo.sqlite3 \\
      .venv/bin/python bench/p3_single.py --mode draw      # PAGE_CACHE=false: drawn afresh
    … --mode hit                                          # PAGE_CACHE=true: from the cache
    … --mode miss                                         # PAGE_CACHE=true, after a write
    PYTHONPATH=/tmp/fc-before/src … --mode draw           # another source tree

Django's test client in this process, best of --repeat after one warm-up request, timed
with `time.process_time()` (CPU, not wall: SQLite runs in the process, so its work counts,
and a busy machine disturbs it less than wall time). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["draw", "miss", "hit"], default="draw")
    parser.add_argument("--data", choices=["demo", "sf1"], default="demo")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ["PAGE_CACHE"] = "false" if args.mode == "draw" else "true"
    found = subprocess.run(  # noqa: S603 — the page list of bench/p3_pages.py
        [sys.executable, str(ROOT / "bench/p3_pages.py"), "--child", "urls",
         "--data", args.data, "--db", args.db],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    pages = json.loads(found)["pages"]

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from firstchoice.teams.models import User

    settings.ALLOWED_HOSTS = ["*"]
    result: dict[str, float] = {}
    for name, username, path in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(path)
        best = float("inf")
        for _ in range(args.repeat):
            if args.mode == "miss":
                # A write by someone: pages are drawn again; charts and cards, keyed by
                # their own content, stay cached as they would.
                from firstchoice.teams import pagecache

                pagecache.new_version()
            started = time.process_time()
            response = client.get(path)
            spent = time.process_time() - started
            assert response.status_code == 200, (path, response.status_code)
            state = response.get("X-Page-Cache", "")
            assert state == {"draw": "", "miss": "miss", "hit": "hit"}[args.mode], (path, state)
            best = min(best, spent)
        result[name] = round(best * 1000, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
