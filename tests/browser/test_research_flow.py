"""End to end in Chromium: rep1 fills two dossier sections and a potential estimate, sees
completeness and wallet share update, records a rule we cannot execute and sees the risk
on the board card; then the same page in Chinese and as a printed account brief."""

from __future__ import annotations

import re
import subprocess

import pytest

from firstchoice.customers.models import DossierSection, EngagementRule, TargetPotential
from firstchoice.portfolio import actions
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, YEAR, make_customers, make_user, sell
from tests.browser.conftest import OUTPUT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    customers = make_customers(person, "C", 3)
    sell(customers[0], "20000.00", "3000.00")
    for index, customer in enumerate(customers):
        actions.add_entry(
            actor=user,
            salesperson=person,
            year=YEAR,
            customer=customer,
            tier="ABC"[index],
            reason="annual planning",
        )
    return person


def completeness(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#research-summary .completeness").inner_text()


def test_it_researches_an_account(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**/board/rep1/{YEAR}/")
    page.goto(page.base_url + "/customers/C001/")
    assert completeness(page) == "0%"
    assert page.locator("#research-summary .wallet-share").inner_text() == "—"

    # Section 1: the profile.
    section = page.locator("#section-profile")
    section.locator("button.edit-section").click()
    form = page.locator("#section-profile form")
    form.locator("[name=company_type]").fill("Contract manufacturer")
    form.locator("[name=ownership]").fill("Private, founder-led 民营")
    form.locator("[name=history]").fill("Founded 1998 in Suzhou")
    shot(page, "research-01-editing")
    form.locator("button.primary").click()
    page.locator("#section-profile .answers").wait_for()
    page.wait_for_function(
        "document.querySelector('#research-summary .completeness').innerText === '9%'"
    )

    # Section 3: the order-to-delivery cycle, with a first bad entry.
    page.locator("#section-delivery button.edit-section").click()
    form = page.locator("#section-delivery form")
    form.locator("[name=delivery_days]").fill("three weeks")
    form.locator("[name=shorten_cycle]").fill("Consignment stock at their plant")
    form.locator("[name=pain_points]").fill("Late parts stop the line")
    for i, name in enumerate(["BYD", "Midea 美的", "Haier", "Gree", "CRRC"]):
        form.locator(f"[name='top_customers-{i}-name']").fill(name)
    form.locator("button.primary").click()
    error = page.locator("#section-delivery .field-error")
    error.wait_for()
    assert "Enter a whole number." in error.inner_text()
    page.locator("#section-delivery [name=delivery_days]").fill("21")
    page.locator("#section-delivery button.primary").click()
    page.locator("#section-delivery .answers").wait_for()
    page.wait_for_function(
        "document.querySelector('#research-summary .completeness').innerText === '18%'"
    )
    assert "Midea 美的" in page.locator("#section-delivery").inner_text()

    # A potential estimate: 100,000 − 20,000 = 80,000; 20,000 / 80,000 = 25%.
    page.locator("#potential details summary").last.click()
    form = page.locator("#potential form")
    form.locator("[name=total]").fill("100000")
    form.locator("[name=other_channels]").fill("20000")
    form.locator("[name=confidence]").fill("70")
    form.locator("[name=source]").fill("Purchasing manager 采购经理")
    form.locator("button.primary").click()
    # A locator, not wait_for_function's string: the Content-Security-Policy refuses eval.
    page.locator("#research-summary .wallet-share", has_text="25.0%").wait_for()
    assert page.locator("#research-summary .headroom").inner_text() == "60,000"

    # A rule we cannot execute.
    row = page.locator("#rules tr.rule-edit").nth(9)  # carriers
    row.locator("summary").click()
    row.locator("[name=requirement]").fill("Only their contracted carrier")
    row.locator("[name=can_execute]").select_option("no")
    row.locator("button.primary").click()
    page.locator("#rules .risk-note").wait_for()
    assert page.locator("#research-summary .rule-risks").inner_text() == "1"
    shot(page, "research-02-filled")

    page.emulate_media(media="print")
    shot(page, "research-03-print")
    # The account brief: portrait A4 (the org chart's own page prints landscape, this one
    # must not inherit that), one or two pages.
    brief = OUTPUT / "research-brief.pdf"
    brief.write_bytes(page.pdf(format="A4", prefer_css_page_size=True, print_background=True))
    info = subprocess.run(["pdfinfo", str(brief)], capture_output=True, text=True).stdout
    if info:  # poppler-utils present (CI installs it)
        width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()  # type: ignore[union-attr]
        assert float(width) < float(height), info
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2, info  # type: ignore[union-attr]
    page.emulate_media(media="screen")

    page.goto(page.base_url + f"/board/rep1/{YEAR}/")
    card = page.locator('li.entry[data-customer="C001"]')
    assert card.get_attribute("data-customer") == "C001"
    research = card.locator(".card-research")
    assert research.get_attribute("data-completeness") == "18"
    assert research.get_attribute("data-rule-risks") == "1"
    assert "25.0%" in research.inner_text()
    assert "cannot fully execute" in card.inner_text()
    shot(page, "research-04-board")

    page.goto(page.base_url + "/customers/C001/")
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "Midea 美的" in page.content()
    shot(page, "research-05-chinese")

    assert DossierSection.objects.count() == 2
    assert TargetPotential.objects.get().confidence == 70
    assert EngagementRule.objects.get().can_execute == "no"
