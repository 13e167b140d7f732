"""End to end in Chromium: the bell counts what is new, the list opens, marks read (htmx)
and filters; in English and Chinese, and on a 390 px wide phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from firstchoice.notifications.actions import notify
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import Notification
from firstchoice.teams.models import Salesperson, Team, User
from tests.base import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> User:
    team = Team.objects.create(name="East 华东", slug="east")
    manager = make_user("manager", first_name="Morgan", last_name="Lee")
    team.managers.add(manager)
    user = make_user("rep1", first_name="Li", last_name="Wei")
    Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    said = [
        (
            Kind.ACTION_ASSIGNED,
            {"actor": "Morgan Lee", "what": "Plant tour", "customer": "上海精密"},
        ),
        (Kind.PLAN_COMMENTED, {"actor": "Morgan Lee", "customer": "Acme Tools"}),
        (
            Kind.ACTION_OVERDUE,
            {"what": "Send samples", "customer": "Acme Tools", "due": "2026-06-10"},
        ),
        (Kind.STATEMENT_DUE, {"month": "2026-05", "meeting": "2026-06-05"}),
        (Kind.DOSSIER_STALE, {"customer": "上海精密", "tier": "A", "section": "Credit"}),
    ]
    for index, (kind, params) in enumerate(said):
        found = notify(user=user, kind=kind, params=params, link="/my-actions/", actor=manager)
        assert found is not None
        Notification.objects.filter(pk=found.pk).update(
            created=timezone.now() - dt.timedelta(hours=len(said) - index)
        )
    return user


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def test_the_bell_and_the_list(page, browser, rep, shot) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "rep1")
    page.locator(".bell-count").wait_for()
    assert page.locator(".bell-count").inner_text() == "5"
    shot(page, "notifications-bell-en")
    page.click("a.bell")
    page.wait_for_url("**/notifications/")
    assert page.locator(".notice-unread").count() == 5
    first = page.locator(".notice").first
    assert "Dossier" in first.inner_text()  # newest first: the stale dossier section
    first.locator("button", has_text="Mark read").click()  # htmx swaps the row
    expect(page.locator(".notice-unread")).to_have_count(4)  # no string eval: CSP forbids it
    shot(page, "notifications-list-en")
    # Filter by kind (the select submits itself).
    page.select_option("select[name=kind]", "action_assigned")
    page.wait_for_url("**kind=action_assigned**")
    assert page.locator(".notice").count() == 1
    # In Chinese.
    page.goto(page.base_url + "/notifications/")
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    page.locator(".bell-count").wait_for()
    assert "上海精密" in page.content() and "请你完成" in page.content()
    shot(page, "notifications-list-zh")
    # Mark all read: the bell empties.
    with page.expect_response(lambda r: r.url.endswith("/notifications/bell")):
        page.click("text=全部标为已读")  # the next page's bell asks again
    page.wait_for_timeout(100)  # htmx swaps after the response
    assert page.locator(".bell-count").count() == 0
    assert not Notification.objects.filter(user=rep, read_at=None).exists()


def test_it_fits_a_phone(browser, live_server, rep, shot) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "rep1")
    page.goto(page.base_url + "/notifications/")
    page.locator(".bell-count").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width} px)"
    shot(page, "notifications-list-390")
    context.close()
