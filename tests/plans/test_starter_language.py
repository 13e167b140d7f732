"""Issue 12: a plan started from a template reads in the reader's language, whoever started it."""

from __future__ import annotations

from django.utils import translation

from firstchoice.plans import starters
from firstchoice.plans.actions import plans
from firstchoice.teams.models import User
from tests.base import YEAR
from tests.plans.base import PlanTestCase


def test_it_localizes_template_texts_and_leaves_others_alone() -> None:
    with translation.override("zh-hans"):
        chinese = translation.gettext("Grow sales by 15% over last year")
    assert chinese != "Grow sales by 15% over last year"
    with translation.override("en"):
        assert starters.localized(chinese) == "Grow sales by 15% over last year"
        assert starters.localized("Our own words") == "Our own words"
    with translation.override("zh-hans"):
        assert starters.localized("Grow sales by 15% over last year") == chinese


class StarterLanguageTests(PlanTestCase):
    def test_it_shows_a_plan_started_in_chinese_in_english_to_an_english_reader(self) -> None:
        with translation.override("zh-hans"):
            plans.start_plan(
                actor=self.alice,
                salesperson=self.alice_sp,
                customer=self.account,
                year=YEAR,
                start="A",
            )
            chinese_title = translation.gettext("Grow sales by 15% over last year")
        User.objects.filter(pk=self.mary.pk).update(language="en")
        self.login(self.mary)
        html = self.client.get(self.plan_url()).content.decode()
        assert "Grow sales by 15% over last year" in html
        assert chinese_title not in html
        User.objects.filter(pk=self.mary.pk).update(language="zh-hans")
        html = self.client.get(self.plan_url()).content.decode()
        assert chinese_title in html
