from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.customers.models import Customer
from firstchoice.people import exchange
from firstchoice.people.models import KeyPerson


class Command(BaseCommand):
    help = (
        "Export a customer's key people as CSV, XLSX or vCard (an operator's command: "
        "no user scope). Writes to --output, or CSV/vCard to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("customer", help="customer code")
        parser.add_argument("--format", choices=["csv", "xlsx", "vcf"], default="csv")
        parser.add_argument("--output", help="file to write (required for xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        customer = Customer.objects.filter(code=options["customer"]).first()
        if customer is None:
            raise CommandError(f"customer: no customer with code {options['customer']!r}")
        people = list(
            KeyPerson.objects.filter(customer=customer)
            .select_related("reports_to")
            .order_by("department", "name", "id")
        )
        fmt = options["format"]
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("--output: give a file name for an XLSX export")
        if fmt == "csv":
            body = exchange.to_csv(people)
        elif fmt == "xlsx":
            body = exchange.to_xlsx(people)
        else:
            body = exchange.to_vcard(customer, people)
        if options["output"]:
            Path(options["output"]).write_bytes(body)
            self.stderr.write(
                f"{customer.code}: {len(people)} people written to {options['output']}"
            )
        else:
            self.stdout.write(body.decode("utf-8-sig"), ending="")
