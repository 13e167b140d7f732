"""firstchoice import-people / export-people: thin wrappers over the same actions."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from firstchoice.people.models import KeyPerson
from tests.people.base import PeopleTestCase


class CommandsTest(PeopleTestCase):
    def test_it_exports_and_imports_a_chart(self) -> None:
        out = StringIO()
        call_command("export_people", "AL001", stdout=out)
        self.assertIn("Wang Fang", out.getvalue())
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "people.csv"
            path.write_text(out.getvalue())
            out = StringIO()
            call_command("import_people", "AL002", str(path), user="alice", stdout=out)
        self.assertIn("3 people added", out.getvalue())
        copied = KeyPerson.objects.get(customer__code="AL002", name="Wang Fang")
        self.assertEqual(copied.reports_to.name, "Li Na")
        self.assertEqual(copied.history.first().history_user, self.alice)

    def test_it_refuses_a_bad_file_and_a_read_only_user(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "people.csv"
            path.write_text("name,engagement\nX,9\n")
            with self.assertRaisesMessage(CommandError, "Line 2, column engagement"):
                call_command("import_people", "AL002", str(path), user="alice")
            with self.assertRaisesMessage(CommandError, "Read-only"):
                call_command("import_people", "AL002", str(path), user="bob")
            with self.assertRaisesMessage(CommandError, "not found"):
                call_command("import_people", "AL002", str(path), user="charlie")
        self.assertFalse(KeyPerson.objects.filter(name="X").exists())
