"""Issue 12: a favicon (browsers asked for /favicon.ico and got 404)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import Client

from tests.base import BaseTestCase


class FaviconTests(BaseTestCase):
    def test_it_links_an_svg_icon_on_every_page_and_answers_favicon_ico(self) -> None:
        self.login(self.alice)
        html = self.client.get("/login/", follow=True).content.decode()
        assert 'rel="icon"' in html and "favicon.svg" in html
        r = Client().get("/favicon.ico")
        assert r.status_code == 301
        assert r["Location"].endswith("/firstchoice/favicon.svg")
        path = finders.find("firstchoice/favicon.svg")
        assert path
        with open(path, encoding="utf-8") as f:
            assert f.read().startswith("<svg")
