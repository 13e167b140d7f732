"""End to end in Chromium: a 40-person account's relationship map in English, in Chinese
and on a 390 px phone, after adding an influence line on the people page."""

from __future__ import annotations

import pytest

from firstchoice.people.models import InfluenceLine
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, make_customers, make_user
from tests.people.relmap_data import big_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    customer = make_customers(person, "C", 1)[0]
    big_account(customer, user, 40)
    return person


def test_it_draws_a_forty_person_map_in_both_languages_and_on_a_phone(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/board/**")

    # An influence line added on the people page...
    page.goto(page.base_url + "/customers/C001/people/")
    page.locator("#influence-section details.add-influence summary").click()
    form = page.locator("#influence-section form.person-form")
    form.locator("[name=source]").select_option(index=2)
    form.locator("[name=target]").select_option(index=5)
    form.locator("[name=kind]").select_option("peer")
    form.locator("[name=note]").fill("Weekly badminton 每周打羽毛球")
    form.locator("button.primary").click()
    page.locator('#influence-section td:text-is("Weekly badminton 每周打羽毛球")').wait_for()
    assert InfluenceLine.objects.count() == 5
    assert page.locator('#people-section [data-flag="competitor_backer"]').count() == 1

    # ...is on the map, with the other 4 and all 40 people.
    page.goto(page.base_url + "/customers/C001/map/")
    svg = page.locator("svg.relmap")
    svg.wait_for()
    assert page.locator("svg.relmap g.rm-person").count() == 40
    assert page.locator("svg.relmap g.rm-ours").count() == 2
    assert page.locator("svg.relmap path[data-influence]").count() == 5
    assert page.locator("svg.relmap path[data-covers]").count() == 5
    box = svg.bounding_box()
    assert box is not None and box["width"] < 3000  # stacked teams, not one endless row
    shot(page, "relmap-01-en-40")

    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "关系图" in page.inner_text("h1")
    assert "经济决策者" in svg.inner_html()
    shot(page, "relmap-02-zh-40")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    svg.wait_for()
    # The page itself does not scroll sideways; the map scrolls inside its frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    scroller = page.locator(".relmap-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    shot(page, "relmap-03-phone-390")
