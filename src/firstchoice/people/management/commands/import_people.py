from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from firstchoice.lib.cli import existing_file
from firstchoice.people import actions, exchange
from firstchoice.people.queries import customer_people_for_user
from firstchoice.teams.cli import actor_option


class Command(BaseCommand):
    help = (
        "Import a customer's key people from CSV, XLSX or vCard (the same columns as the "
        "export). People are matched by name: existing ones are updated, new ones added. "
        "All rows or none: any mistake is reported by line and column and nothing changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("customer", help="customer code")
        parser.add_argument("file", help=".csv, .xlsx or .vcf")
        parser.add_argument(
            "--user", required=True, help="record the changes as made by this user (rights apply)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = existing_file(Path(options["file"]))
        actor = actor_option(options["user"])
        assert actor is not None  # --user is required
        try:
            customer = customer_people_for_user(actor, options["customer"], write=True)
        except Http404:
            raise CommandError(
                f"customer: {options['customer']!r} not found for this user"
            ) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        try:
            with path.open("rb") as stream:
                rows, found = exchange.read_upload(path.name, stream)
            result = actions.import_key_people(
                actor=actor, customer=customer, rows=rows, problems=found
            )
        except ValidationError as exc:
            raise CommandError("Nothing imported:\n" + "\n".join(exc.messages)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps({"created": result.created, "updated": result.updated}))
        else:
            self.stdout.write(
                f"{customer.code}: {result.created} people added, {result.updated} updated."
            )
