"""The Content-Security-Policy (django-csp): scripts only from our static files.

The header is on every page, and no template carries a script the policy would refuse:
an inline <script> without src, an on…= handler attribute, hx-on or a javascript: URL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from firstchoice.lib.charts import monthly_bars
from tests.base import YEAR, BaseTestCase

TEMPLATES = sorted(
    path
    for root in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    for path in Path(root).rglob("*.html")
)
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.IGNORECASE)


def test_it_finds_the_templates() -> None:
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_it_has_no_inline_script_in_a_template(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script into static/firstchoice/*.js"
    for tag in TAG.findall(text):
        assert not HANDLER.search(tag), f"{tag[:80]}: use a data- attribute and app.js"
        assert "javascript:" not in tag.lower(), tag[:80]


def test_it_draws_charts_without_a_script() -> None:
    from decimal import Decimal

    drawing = monthly_bars(["2026-01"], {"Sales": [Decimal(1)]})
    assert "<svg" in drawing and "<script" not in drawing


class HeaderTestCase(BaseTestCase):
    def assert_policy(self, path: str) -> None:
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if part.strip()
        )
        self.assertEqual(policy["script-src"], "'self'", path)
        self.assertEqual(policy["default-src"], "'self'", path)
        self.assertEqual(policy["frame-ancestors"], "'none'", path)
        self.assertIn("'unsafe-inline'", policy["style-src"])  # inline styles only, documented

    def test_it_sends_the_policy_on_pages(self) -> None:
        self.assert_policy("/login/")
        self.fill(self.alice_sp, self.alice_customers)
        self.login(self.alice)
        for path in (f"/board/alice/{YEAR}/", "/customers/AL001/", "/customers/AL001/people/"):
            self.assert_policy(path)
        self.login(self.root)
        self.assert_policy("/imports/")
        self.assert_policy("/api/v1/docs")
