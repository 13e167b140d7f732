"""In Chromium with the Content-Security-Policy on: the pages that carried inline scripts,
charts or handlers run with no policy violation in the console, and their scripts (now
static files) still work."""

from __future__ import annotations

import pytest
from django.utils import timezone

from firstchoice.demo.staff import DEMO_PASSWORD
from firstchoice.lib.dates import add_months
from firstchoice.plans.models import Plan
from firstchoice.portfolio.models import PortfolioEntry
from tests.demo_company import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
MONTH = f"{add_months(TODAY.replace(day=1), -1):%Y-%m}"


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def test_it_shows_pages_without_csp_violations(page, shot) -> None:  # type: ignore[no-untyped-def]
    load_demo(today=TODAY, customers=400)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            or (m.type == "error" and "favicon" not in (m.location or {}).get("url", ""))
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    entry = (
        PortfolioEntry.objects.filter(portfolio__salesperson__user__username="rep1")
        .select_related("customer", "portfolio")
        .first()
    )
    assert entry is not None
    code, year = entry.customer.code, entry.portfolio.year
    plan = (
        Plan.objects.filter(salesperson__user__username="rep1").select_related("customer").first()
    )

    login(page, "rep1")
    paths = [
        f"/board/rep1/{year}/",
        f"/customers/{code}/",
        f"/customers/{code}/people/",
        f"/customers/{code}/orgchart/",
        f"/reviews/rep1/{MONTH}/",
        "/my-actions/",
    ]
    if plan is not None:
        paths.append(f"/plans/rep1/{plan.year}/{plan.customer.code}/")
    for path in paths:
        response = page.goto(page.base_url + path)
        assert response is not None and response.status == 200, path
        assert response.headers.get("content-security-policy"), path
    # Charts are inline SVG and still drawn.
    page.goto(f"{page.base_url}/reviews/rep1/{MONTH}/")
    assert page.locator("svg").count() > 0

    login(page, "manager1")
    page.goto(f"{page.base_url}/meetings/east/{MONTH}/present/")
    assert page.locator("#step").inner_text().startswith("0 /")
    page.keyboard.press("ArrowRight")  # present.js, a static file now
    assert page.locator("#step").inner_text().startswith("1 /")
    shot(page, "csp-presenter")
    page.goto(f"{page.base_url}/audit/")
    assert page.locator("select[data-autosubmit]").count() == 1

    login(page, "admin")
    page.goto(f"{page.base_url}/imports/")
    shot(page, "csp-imports")
    assert problems == []
