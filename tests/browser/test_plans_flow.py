"""In Chromium: rep1 starts a plan from the tier-A template, adds an objective and two
actions, asks a colleague to take one; the colleague accepts it in a second browser session."""

from __future__ import annotations

import datetime as dt

import pytest

from firstchoice.plans.models import Action, Plan
from firstchoice.portfolio import actions
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, TODAY, YEAR, make_customers, make_user, sell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reps() -> tuple[Salesperson, Salesperson]:
    team = Team.objects.create(name="East 华东", slug="east")
    rep1 = make_user("rep1", first_name="Li", last_name="Wei")
    rep2 = make_user("rep2", first_name="Wang", last_name="Fang")
    one = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=rep1, team=team)
    two = Salesperson.objects.create(code="rep2", name="Wang Fang 王芳", user=rep2, team=team)
    customers = make_customers(one, "C", 3)
    for month in range(1, 13):
        day = dt.date(YEAR - 1, month, 15)
        sell(customers[0], "10000.00", "1500.00", days_ago=(TODAY - day).days)
    for customer, tier in zip(customers, "ABC", strict=True):
        actions.add_entry(
            actor=rep1, salesperson=one, year=YEAR, customer=customer, tier=tier, reason="planning"
        )
    return one, two


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def test_it_plans_an_account_and_a_colleague_accepts(browser, page, reps, shot) -> None:  # type: ignore[no-untyped-def]
    login(page, "rep1")
    page.goto(page.base_url + f"/plans/rep1/{YEAR}/C001/")
    assert page.locator("input[name=start][value=A]").is_checked()
    shot(page, "plans-01-start")
    page.click("button[name=go]")
    page.locator("#objectives tbody tr[data-objective]").first.wait_for()
    assert page.locator("#objectives tr[data-objective]").count() == 3
    assert "Grow sales by 15% over last year" in page.inner_text("#objectives")

    page.click("#add-objective summary")
    form = page.locator("#add-objective form")
    form.locator("input[name=title]").fill("Two new product lines bought regularly")
    form.locator("select[name=metric]").select_option("custom")
    form.locator("input[name=baseline]").fill("0")
    form.locator("input[name=target]").fill("2")
    form.locator("input[name=unit]").fill("lines")
    form.locator("input[name=due]").fill(f"{YEAR}-12-31")
    form.locator("button.primary").click()
    page.locator("text=Objective added.").wait_for()
    assert page.locator("#objectives tr[data-objective]").count() == 4

    def add_action(what: str, owner: str, due: str) -> None:
        page.click("#add-action summary")
        f = page.locator("#add-action form")
        f.locator("input[name=what]").fill(what)
        f.locator("select[name=objective]").select_option(
            label="Two new product lines bought regularly"
        )
        f.locator("textarea[name=how]").fill("Technician on site for the first run; written report")
        f.locator("select[name=owner]").select_option(label=owner)
        f.locator("input[name=due]").fill(due)
        f.locator("input[name=resources]").fill("Technician, 2 days")
        f.locator("button.primary").click()

    add_action("Trial of line 2 at their plant", "Li Wei", f"{YEAR}-12-15")
    page.locator("text=Action added.").wait_for()
    add_action("Line audit with our engineer", "Wang Fang", f"{YEAR}-12-20")
    page.locator("text=Wang Fang is asked to accept it").wait_for()
    row = page.locator("#actions tr[data-action]", has_text="Line audit with our engineer")
    assert "Proposed" in row.inner_text()
    shot(page, "plans-02-plan")

    # The colleague, in a browser session of their own.
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.base_url = page.base_url
    login(other, "rep2")
    other.goto(other.base_url + "/my-actions/")
    mine = other.locator("tr[data-action]", has_text="Line audit with our engineer")
    assert "Proposed" in mine.inner_text()
    shot(other, "plans-03-my-actions")
    mine.locator("button[value=accept]").click()
    other.locator("text=Action accepted.").wait_for()
    assert "Accepted" in other.locator("tr[data-action]", has_text="Line audit").inner_text()
    shot(other, "plans-04-accepted")
    context.close()

    page.reload()
    row = page.locator("#actions tr[data-action]", has_text="Line audit with our engineer")
    assert "Accepted" in row.inner_text()
    shot(page, "plans-05-plan-after")

    plan = Plan.objects.get()
    audit = Action.objects.get(what="Line audit with our engineer")
    assert (plan.started_from, audit.owner.username, audit.status) == ("A", "rep2", "accepted")
    assert audit.history.first().history_user.username == "rep2"  # type: ignore[union-attr]
