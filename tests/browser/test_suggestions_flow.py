"""End to end in Chromium: open the suggestions panel, accept one, see it on the board."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from firstchoice.customers.models import Customer
from firstchoice.portfolio.models import PortfolioEntry, TierChange
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, YEAR, make_customers, make_user, sell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    customers = make_customers(person, "C", 30)
    for index, customer in enumerate(customers[:20]):
        Customer.objects.filter(pk=customer.pk).update(
            segment=["Steel", "Auto", "Food"][index % 3], payment_terms="NET30"
        )
        customer.refresh_from_db()
        sell(customer, f"{(20 - index) * 2500}.00", f"{(20 - index) * 400}.00", days_ago=40)
        sell(customer, f"{(20 - index) * 2000}.00", f"{(20 - index) * 300}.00", days_ago=400)
    for customer in customers[20:24]:
        sell(customer, "4000.00", "400.00", days_ago=500)  # lapsed: win back
    return person


def test_it_adds_a_suggested_account(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**/board/rep1/{YEAR}/")

    page.locator("#suggestions > summary").click()
    first_a = page.locator('.suggestion-tier[data-tier="A"] li.suggestion').first
    first_a.wait_for()
    assert first_a.get_attribute("data-customer") == "C001"
    assert "top" in first_a.inner_text() and "year on year" in first_a.inner_text()
    assert page.locator('.suggestion-tier[data-tier="C"] li.suggestion').count() == 4
    shot(page, "10-suggestions")

    page.locator('.suggestion-tier[data-tier="C"] li.suggestion').first.locator(
        "button.ignore"
    ).click()
    # Ignoring is remembered on the server (issue 12); the panel comes back without it.
    expect(page.locator('.suggestion-tier[data-tier="C"] li.suggestion')).to_have_count(3)

    first_a.locator("button.primary").click()
    page.locator('section.tier[data-tier="A"] li.entry[data-customer="C001"]').wait_for()
    # The panel stays open and reloads without the account just added.
    page.locator('.suggestion-tier[data-tier="A"] li.suggestion').first.wait_for()
    assert page.locator('#suggestions li.suggestion[data-customer="C001"]').count() == 0
    shot(page, "11-suggestion-added")

    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    page.locator("#suggestions > summary").click()
    page.locator('.suggestion-tier[data-tier="B"] li.suggestion').first.wait_for()
    assert "近12个月" in page.inner_text("#suggestions")
    assert "加入 B 层" in page.inner_text("#suggestions")
    shot(page, "12-suggestions-chinese")

    entry = PortfolioEntry.objects.get(customer__code="C001")
    assert entry.tier == "A"
    change = TierChange.objects.get(customer__code="C001")
    assert change.reason.startswith("T12M 50,000 (top")
    assert change.changed_by == rep.user
