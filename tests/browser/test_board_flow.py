"""End to end in Chromium: log in, see the 5+5+5 board, move a card from C to B, switch to 中文."""

from __future__ import annotations

import pytest

from firstchoice.portfolio import actions
from firstchoice.portfolio.models import PortfolioEntry, TierChange
from firstchoice.teams.models import CompanySettings, Salesperson, Team
from tests.base import PASSWORD, YEAR, make_customers, make_user, sell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    settings = CompanySettings.load()
    settings.tier_b_capacity = 6  # room in B for the account won from C
    settings.save()
    customers = make_customers(person, "C", 15)
    for index, customer in enumerate(customers):
        if index < 10:
            sell(customer, f"{(15 - index) * 1000}.00", f"{(15 - index) * 150}.00")
        actions.add_entry(
            actor=user,
            salesperson=person,
            year=YEAR,
            customer=customer,
            tier="ABC"[index // 5],
            reason="annual planning",
        )
    return person


def test_it_moves_a_card_and_speaks_chinese(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**/board/rep1/{YEAR}/")

    for tier in "ABC":
        assert page.locator(f'section[data-tier="{tier}"] li.entry').count() == 5
    assert page.locator("li.entry").count() == 15
    shot(page, "01-board")

    card = page.locator('section[data-tier="C"] li.entry[data-customer="C011"]')
    card.locator("summary").click()
    card.locator(".move-form select[name=tier]").select_option("B")
    card.locator(".move-form input[name=reason]").fill("Won: first orders after the trial")
    card.locator(".move-form button").click()

    page.locator('section[data-tier="B"] li.entry[data-customer="C011"]').wait_for()
    assert page.locator('section[data-tier="C"] li.entry').count() == 4
    history = page.locator("table.changes tbody tr").first
    assert "Won: first orders after the trial" in history.inner_text()
    assert "C → B" in history.inner_text()
    shot(page, "02-moved")

    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "近12个月销售额" in page.content()
    assert "我的 5+5+5 看板" in page.inner_text("nav.mainnav")
    shot(page, "03-chinese")

    assert PortfolioEntry.objects.get(customer__code="C011").tier == "B"
    change = TierChange.objects.filter(kind="moved").get()
    assert (change.from_tier, change.to_tier, change.changed_by.username) == ("C", "B", "rep1")
    rep.user.refresh_from_db()
    assert rep.user.language == "zh-hans"
