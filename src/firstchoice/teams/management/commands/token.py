from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from firstchoice.teams import actions
from firstchoice.teams.models import ApiToken, User


class Command(BaseCommand):
    help = "Personal API tokens: create (prints the token once), list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="create a token for a user and print it")
        create.add_argument("--user", required=True, help="username")
        create.add_argument("--name", default="", help="what the token is for")
        create.add_argument("--format", choices=["text", "json"], default="text")
        listing = sub.add_parser("list", help="list tokens (never their values)")
        listing.add_argument("--user", help="only this user's tokens")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix", help="the first characters shown by `token list`")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"--user: no active user named {options['user']!r}")
        token, raw = actions.create_token(user=user, name=options["name"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"user": user.username, "prefix": token.prefix, "token": raw})
            )
        else:
            self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("created")
        if options.get("user"):
            tokens = tokens.filter(user__username=options["user"])
        rows = [
            {
                "prefix": t.prefix,
                "user": t.user.username,
                "name": t.name,
                "created": t.created.isoformat(),
                "last_used": t.last_used.isoformat() if t.last_used else None,
                "revoked": t.revoked.isoformat() if t.revoked else None,
            }
            for t in tokens
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            state = "revoked" if row["revoked"] else "active"
            self.stdout.write(f"{row['prefix']}…  {row['user']:<16} {state:<8} {row['name']}")

    def _revoke(self, options: dict[str, Any]) -> None:
        matches = list(
            ApiToken.objects.filter(prefix__startswith=options["prefix"], revoked__isnull=True)
        )
        if len(matches) != 1:
            raise CommandError(
                f"prefix {options['prefix']!r} matches {len(matches)} active tokens; "
                "give exactly one"
            )
        actions.revoke_token(token=matches[0])
        self.stdout.write(f"revoked {matches[0].prefix}…")
