"""Switching the UI language; the catalogue is complete and compiled."""

from __future__ import annotations

from pathlib import Path

import polib

from firstchoice.teams.models import User
from tests.base import YEAR, BaseTestCase

LOCALE = Path(__file__).resolve().parents[2] / "src/firstchoice/locale/zh_Hans/LC_MESSAGES"


class SetLanguageTestCase(BaseTestCase):
    def test_it_remembers_the_choice_on_the_user(self) -> None:
        self.login(self.alice)
        r = self.client.post("/language/", {"language": "zh-hans", "next": f"/board/alice/{YEAR}/"})
        assert r.status_code == 302 and r["Location"] == f"/board/alice/{YEAR}/"
        assert User.objects.get(pk=self.alice.pk).language == "zh-hans"
        # A fresh browser (no cookie) still gets Chinese: the choice lives on the user.
        self.client.cookies.clear()
        self.login(self.alice)
        html = self.client.get(f"/board/alice/{YEAR}/").content.decode()
        assert 'lang="zh-Hans"' in html and "近12个月销售额" in html

    def test_it_sets_a_cookie_for_anonymous_visitors(self) -> None:
        r = self.client.post("/language/", {"language": "zh-hans", "next": "/login/"})
        assert r.cookies["firstchoice_language"].value == "zh-hans"
        assert "登录" in self.client.get("/login/").content.decode()

    def test_it_refuses_an_unknown_language_and_changes_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post("/language/", {"language": "klingon"})
        assert r.status_code == 400
        assert User.objects.get(pk=self.alice.pk).language == ""

    def test_it_does_not_redirect_off_site(self) -> None:
        r = self.client.post("/language/", {"language": "en", "next": "https://evil.example/"})
        assert r["Location"] == "/"

    def test_it_refuses_get(self) -> None:
        assert self.client.get("/language/").status_code == 405


def test_it_has_a_complete_chinese_catalogue() -> None:
    po = polib.pofile(str(LOCALE / "django.po"))
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_it_ships_the_compiled_catalogue_up_to_date() -> None:
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.pofile(str(LOCALE / "django.po"))
    }
    mo = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
        for e in polib.mofile(str(LOCALE / "django.mo"))
    }
    assert po == mo, "run `make messages` to recompile django.mo"
