"""The assessment as PDF in English and Chinese, with the radar chart and a CJK font."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from firstchoice.coaching import actions, rules
from tests.coaching.helpers import CoachingTestCase


def pdf_text(content: bytes, tmp: Path) -> tuple[str, str]:
    path = tmp / "assessment.pdf"
    path.write_bytes(content)
    # Fixed poppler tools on a file we wrote: no untrusted input reaches the command line.
    pdftotext, pdffonts = shutil.which("pdftotext") or "", shutil.which("pdffonts") or ""
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True)
    fonts = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True)
    return text.stdout, fonts.stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
class PdfTestCase(CoachingTestCase):
    def setUp(self) -> None:
        self.assessment = self.start()
        self.rate_all(self.assessment, rules.SELF, 4, self.alice)
        self.rate_all(self.assessment, rules.COACH, 3, self.mary)
        actions.add_comment(actor=self.mary, assessment=self.assessment, text="Visit two plants")
        self.url = f"/coaching/alice/{self.assessment.pk}/pdf"

    def fetch(self, language: str, tmp: Path) -> tuple[str, str]:
        self.login(self.mary)
        r = self.client.get(self.url, {"language": language})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn(f"-{language}.pdf", r["Content-Disposition"])
        return pdf_text(r.content, tmp)

    def test_it_exports_the_assessment_in_english(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            text, _fonts = self.fetch("en", Path(tmp))
        self.assertIn("Know the customer's business", text.replace("\u2019", "'"))
        self.assertIn("Visit two plants", text)
        self.assertIn("-1.0", text)  # the trait gap
        self.assertIn("Self", text)  # the radar legend

    def test_it_exports_the_assessment_in_chinese_with_a_cjk_font(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            text, fonts = self.fetch("zh-hans", Path(tmp))
        self.assertIn("了解客户的业务", text)
        self.assertIn("及时跟进", text)
        self.assertIn("CJK", fonts)
        self.assertIn("SC", fonts)  # the Simplified Chinese face, not the Japanese one

    def test_it_hides_the_pdf_from_others(self) -> None:
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
