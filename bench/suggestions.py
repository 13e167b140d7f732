"""Tier suggestions at TPC-H SF1 scale: seconds and queries per salesperson.

    DATABASE_URL=sqlite:////tmp/sf1.sqlite3 .venv/bin/firstchoice migrate
    DATABASE_URL=sqlite:////tmp/sf1.sqlite3 .venv/bin/firstchoice import-sales \
        bench/data/sales_sf1.csv
    DATABASE_URL=sqlite:////tmp/sf1.sqlite3 .venv/bin/python bench/suggestions.py \
        --pad-customers 150000 --salespeople 10

SF1 has 1,000 salespeople (clerks) and 99,996 customers with lines; `--pad-customers`
adds customers without sales until the company has that many (TPC-H's 150,000), so the
ranking runs over a realistic customer master. Each salesperson's suggestions are
computed as of the last order date (1998-08-02, edge months included) and as of a month
end (1998-07-31, whole months only). Prints one JSON line per case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firstchoice.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salespeople", type=int, default=10, help="how many to time")
    parser.add_argument("--pad-customers", type=int, default=0)
    parser.add_argument("--year", type=int, default=1998)
    parser.add_argument("--as-of", action="append", default=None, help="YYYY-MM-DD (repeatable)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from firstchoice.customers.models import Customer
    from firstchoice.portfolio import suggestions
    from firstchoice.teams.models import Salesperson

    existing = Customer.objects.count()
    if args.pad_customers > existing:
        Customer.objects.bulk_create(
            [
                Customer(code=f"PAD{i:06d}", name=f"Padding customer {i}")
                for i in range(args.pad_customers - existing)
            ],
            batch_size=5000,
        )
    people = list(Salesperson.objects.order_by("code")[: args.salespeople])
    days = [dt.date.fromisoformat(d) for d in (args.as_of or ["1998-08-02", "1998-07-31"])]
    for as_of in days:
        seconds, counts, found = [], [], []
        for person in people:
            reset_queries()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                result = suggestions.suggestions(person, args.year, as_of)
            seconds.append(time.perf_counter() - started)
            counts.append(len(ctx.captured_queries))
            found.append(result.count)
        print(
            json.dumps(
                {
                    "engine": connection.vendor,
                    "as_of": as_of.isoformat(),
                    "customers": Customer.objects.count(),
                    "salespeople_timed": len(people),
                    "seconds_median": round(statistics.median(seconds), 3),
                    "seconds_max": round(max(seconds), 3),
                    "seconds_first": round(seconds[0], 3),
                    "queries": sorted(set(counts)),
                    "suggestions_median": statistics.median(found),
                    "peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                }
            )
        )


if __name__ == "__main__":
    main()
