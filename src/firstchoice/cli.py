"""The `firstchoice` console script: a thin front door to the management commands.

`firstchoice serve`, `firstchoice demo`, `firstchoice token create --user NAME` … are the
Django management commands of the same names; `firstchoice --help` lists ours first.
"""

from __future__ import annotations

import os
import sys
from typing import Any

OUR_COMMANDS = {
    "serve": "serve the web application (gunicorn, several processes); --with-worker",
    "worker": "run background jobs (web imports); run one or more beside `serve`",
    "backup": "back up the database to a file (safe while the server runs)",
    "restore": "restore the database from a file made by `backup`",
    "copy-database": "copy every table into a new PostgreSQL database (SQLite → PostgreSQL)",
    "demo": "load the deterministic demo data (idempotent)",
    "token": "create, list and revoke personal API tokens",
    "import-sales": "import ERP sales lines from CSV/XLSX (validated, all or nothing)",
    "import-batches": "list sales imports; --rollback ID removes one",
    "import-customers": "import the ERP customer master from CSV/XLSX (validated, all or nothing)",
    "rebuild-rollups": "re-derive the monthly sales roll-ups from the lines",
    "suggest-tiers": "suggest tier A/B/C accounts for a salesperson from the sales data",
    "plan-checks": "check a salesperson's year action plans (targets, owners, dates, load)",
    "import-dossiers": "import account research dossiers from CSV/XLSX (validated, all or nothing)",
    "audit": "audit the focus lists of the sales force: COD, top-customer criteria, shape",
    "import-portfolios": "load focus lists (salesperson, customer_code[, tier, year]) to audit",
    "export-review": "export a team's monthly meeting pack (15-account charts) as PDF or XLSX",
    "import-people": "import a customer's key people from CSV/XLSX/vCard (all or nothing)",
    "export-people": "export a customer's key people as CSV, XLSX or vCard",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firstchoice.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "firstchoice"
    if len(args) == 1 or args[1] in ("-h", "--help"):
        print("usage: firstchoice COMMAND [options]   (firstchoice COMMAND --help for details)\n")
        print("firstchoice commands:")
        for name, summary in OUR_COMMANDS.items():
            print(f"  {name:<16} {summary}")
        print("\nAll Django management commands (migrate, createsuperuser, …) work too;")
        print("`firstchoice help` lists them.")
        return
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        # Commands read as words on the command line: import-sales runs import_sales, and
        # its usage line says `firstchoice import-sales` as typed.
        def fetch_command(self, subcommand: str) -> Any:
            return super().fetch_command(subcommand.replace("-", "_"))

    Utility(args).execute()


if __name__ == "__main__":  # pragma: no cover
    main()
