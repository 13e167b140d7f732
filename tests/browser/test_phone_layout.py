"""On a phone (390 × 844, issue 12): no main page scrolls sideways, the navigation folds
behind a Menu button, and the board card's figures are shown whole — for a salesperson
and for a manager, in English and in Chinese."""

from __future__ import annotations

import pytest
from django.utils import timezone

from firstchoice.coaching.models import LearningActivity, LearningGoal
from firstchoice.demo.staff import DEMO_PASSWORD
from firstchoice.lib.dates import add_months
from firstchoice.plans.models import Plan
from tests.demo_company import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
MONTH = f"{add_months(TODAY.replace(day=1), -1):%Y-%m}"
PHONE = {"width": 390, "height": 844}

# What scrolls sideways: the page's own width beyond the screen (a wide table scrolling
# inside its own box is fine; the page itself must not).
WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# Figures cut with an ellipsis or clipped: a card figure wider than its box.
CUT_FIGURES = """() => [...document.querySelectorAll('.cards .figs dd')]
  .filter(dd => dd.scrollWidth > dd.clientWidth + 1).map(dd => dd.textContent.trim())"""


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def main_pages(handle: str) -> list[str]:
    plan = (
        Plan.objects.filter(salesperson__user__username=handle)
        .select_related("customer")
        .order_by("customer__code")
        .first()
    )
    assert plan is not None
    code = plan.customer.code
    return [
        f"/board/{handle}/{plan.year}/",
        f"/customers/{code}/",
        f"/customers/{code}/people/",
        f"/customers/{code}/orgchart/",
        f"/plans/{handle}/{plan.year}/{code}/",
        "/my-actions/",
        f"/reviews/{handle}/{MONTH}/",
        f"/coaching/{handle}/",
    ]


def check_pages(page, paths: list[str], who: str) -> list[str]:  # type: ignore[no-untyped-def]
    wide = []
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response is not None and response.status == 200, path
        scroll_width, inner_width = page.evaluate(WIDTH)
        if scroll_width > inner_width:
            wide.append(f"{who} {path}: {scroll_width} > {inner_width}")
    return wide


def test_it_fits_every_main_page_on_a_phone(browser, live_server, shot) -> None:  # type: ignore[no-untyped-def]
    load_demo(today=TODAY, customers=400)
    # A planned learning activity with a long goal on My actions: the status-pill rule once
    # kept its whole line on one row (1,092 px wide in Chinese).
    goal = LearningGoal.objects.filter(salesperson__user__username="rep1").first()
    assert goal is not None
    LearningGoal.objects.filter(pk=goal.pk).update(
        status="planned", goal="Know our hydraulics range and its margins by heart " * 3
    )
    LearningActivity.objects.create(
        goal=goal,
        kind=LearningActivity.Kind.choices[0][0],
        description="Ride along",
        status="planned",
    )
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        wide: list[str] = []
        login(page, "rep1")
        paths = main_pages("rep1")
        wide += check_pages(page, paths, "rep1")

        # The board: the navigation is folded, and opens with the Menu button.
        page.goto(page.base_url + paths[0])
        assert page.locator("#mainnav").is_hidden()
        toggle = page.locator("[data-nav-toggle]")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert page.locator("#mainnav").is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#mainnav a", has_text="My actions").is_visible()
        shot(page, "phone-board-menu-open")
        toggle.click()
        assert page.locator("#mainnav").is_hidden()
        assert page.evaluate(CUT_FIGURES) == []
        shot(page, "phone-board")

        # In Chinese too (longer words, wider glyphs).
        page.locator("[data-nav-toggle]").click()
        page.locator(".langswitch button[value='zh-hans']").click()
        page.wait_for_load_state()
        assert page.locator("[data-nav-toggle]").inner_text().strip().endswith("菜单")
        wide += check_pages(page, paths, "rep1 zh")
        page.goto(page.base_url + paths[0])
        assert page.evaluate(CUT_FIGURES) == []
        shot(page, "phone-board-zh")

        # A manager: more navigation, the team pages and the meeting too.
        login(page, "manager")
        wide += check_pages(
            page,
            [
                *paths,
                f"/teams/east/{TODAY.year}/",
                f"/meetings/east/{MONTH}/",
                "/audit/",
            ],
            "manager",
        )
        page.goto(page.base_url + f"/meetings/east/{MONTH}/")
        shot(page, "phone-meeting")
        assert wide == []

        # On a wide screen nothing is folded: no Menu button, the navigation in the bar.
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.goto(page.base_url + "/my-actions/")
        assert page.locator("#mainnav").is_visible()
        assert page.locator("[data-nav-toggle]").is_hidden()
    finally:
        context.close()
