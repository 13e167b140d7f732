"""End to end in Chromium: a salesperson writes the statement, then the manager of the demo
team East runs the monthly meeting in Chinese — opens it, records kudos, presents it full
screen one salesperson at a time, and follows the trend link."""

from __future__ import annotations

import pytest
from django.utils import timezone

from firstchoice.demo.staff import DEMO_PASSWORD
from firstchoice.lib.dates import add_months
from firstchoice.reviews.models import MeetingNote, Statement
from tests.demo_company import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
MONTH = add_months(TODAY.replace(day=1), -1)
M = f"{MONTH:%Y-%m}"


@pytest.fixture
def demo() -> None:
    load_demo(today=TODAY, customers=400)


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def chinese(page) -> None:  # type: ignore[no-untyped-def]
    if page.get_attribute("html", "lang") != "zh-Hans":
        page.click("button[value=zh-hans]")
        page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-Hans"


def test_it_runs_a_meeting_in_chinese(page, demo, shot) -> None:  # type: ignore[no-untyped-def]
    # rep5 has not written last month's statement: writes it on the chart page (htmx).
    login(page, "rep5")
    page.goto(f"{page.base_url}/reviews/rep5/{M}/")
    chinese(page)
    page.fill("#id_progress", "首单成交。First order from a tier C account.")
    page.fill("#id_help_needed", "需要产品经理一起拜访。")
    page.click("#statement button.primary")
    page.locator("#statement .saved").wait_for()
    assert "首单成交" in Statement.objects.get(salesperson__code="rep5", month=MONTH).progress
    shot(page, "reviews-1-chart-statement-zh")
    page.click("form[action='/logout/'] button")

    login(page, "manager1")
    page.goto(f"{page.base_url}/meetings/east/{M}/")
    chinese(page)
    assert page.locator("section.person-review").count() == 5
    assert page.locator("table.review-table").count() == 5
    page.click("#open-meeting")
    page.locator(".badge-open").wait_for()
    shot(page, "reviews-2-meeting-zh")

    note = page.locator("#note-rep1")
    note.locator("textarea[name=kudos]").fill("两家A类客户超计划，干得好！")
    note.locator("textarea[name=decisions]").fill("经理下周一起拜访B类客户。")
    note.locator("button.primary").click()
    page.locator("#note-rep1 .saved").wait_for()
    saved = MeetingNote.objects.get(salesperson__code="rep1", meeting__month=MONTH)
    assert saved.kudos == "两家A类客户超计划，干得好！"
    assert saved.updated_by.username == "manager1"  # type: ignore[union-attr]

    page.click("#present")
    page.locator(".slide.active[data-step='0']").wait_for()
    assert "review-summary" in page.inner_html(".slide.active")
    shot(page, "reviews-3-present-summary-zh")
    # Salespeople come in name order: Daniel Ortiz (rep5) first, Li Wei (rep1) third.
    page.keyboard.press("ArrowRight")
    page.locator(".slide.active[data-salesperson='rep5']").wait_for()
    assert page.url.endswith("?p=1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.locator(".slide.active[data-salesperson='rep1']").wait_for()
    assert "两家A类客户超计划" in page.inner_text(".slide.active")
    shot(page, "reviews-4-present-rep1-zh")
    page.keyboard.press("ArrowRight")
    page.locator(".slide.active[data-salesperson='rep2']").wait_for()
    page.click("#prev")
    page.locator(".slide.active[data-salesperson='rep1']").wait_for()
    assert page.locator(".slide.active").count() == 1
    assert page.url.endswith("?p=3")

    page.click("#leave")
    page.locator("#rep1 .person-head a").click()
    page.wait_for_url(f"**/reviews/rep1/{M}/#trend")
    assert page.locator("#trend svg").count() == 1
    assert page.locator(".trend-table tbody tr").count() == MONTH.month
    shot(page, "reviews-5-trend-zh")
