"""End to end in Chromium: self rating, coach rating and closing; the radar and the heatmap."""

from __future__ import annotations

import pytest

from firstchoice.coaching.models import Assessment, Rating
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, make_user
from tests.browser.conftest import OUTPUT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    manager = make_user("coach1", first_name="Morgan", last_name="Lee")
    team.managers.add(manager)
    user = make_user("rep1", first_name="Li", last_name="Wei")
    make_user("rep2", first_name="Wang", last_name="Fang")
    Salesperson.objects.create(code="rep2", name="Wang Fang 王芳", team=team)
    return Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


def rate_every_behaviour(page, label: str, pattern: list[str]) -> None:  # type: ignore[no-untyped-def]
    selects = page.locator(f'select[aria-label="{label}"]')
    for index in range(selects.count()):
        selects.nth(index).select_option(pattern[index % len(pattern)])


def test_it_runs_a_self_and_a_coach_assessment(page, browser, rep, shot) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "rep1")
    page.goto(page.base_url + "/coaching/")
    page.wait_for_url("**/coaching/rep1/")
    page.click("text=Start an assessment")
    page.wait_for_url("**/coaching/rep1/*/")
    assessment = Assessment.objects.get()

    rate_every_behaviour(page, "Self rating", ["4", "5", "3"])
    page.locator("textarea[name^=note_]").first.fill(
        "Read the 2025 annual report and analyst notes"
    )
    page.click("#save-ratings")
    page.locator("text=Ratings saved.").wait_for()
    assert "0 behaviours not rated yet" in page.inner_text(".sheet-actions")
    assert page.locator(".chart.radar svg").count() == 1
    shot(page, "coaching-01-self")
    assert Rating.objects.filter(assessment=assessment, self_score__isnull=False).count() == 35
    assert not Rating.objects.filter(coach_score__isnull=False).exists()

    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "了解客户的业务" in page.inner_text("#trait-1 h2")
    assert "及时跟进。" in page.inner_text("#trait-6")
    shot(page, "coaching-01b-self-zh")

    coach_context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US")
    coach = coach_context.new_page()
    coach.set_default_timeout(10_000)
    coach.base_url = page.base_url
    log_in(coach, "coach1")
    coach.goto(coach.base_url + "/coaching/")
    coach.wait_for_url("**/teams/east/coaching/")
    coach.click("text=Li Wei 李伟")
    coach.click(f"text={assessment.period_label}")
    coach.wait_for_url(f"**/coaching/rep1/{assessment.pk}/")
    assert coach.locator('select[aria-label="Self rating"]').count() == 0
    rate_every_behaviour(coach, "Coach rating", ["3", "4", "2"])
    coach.locator("textarea[name^=note_]").first.fill("Ask about their buying cycle next visit")
    coach.click("#save-ratings")
    coach.locator("text=Ratings saved.").wait_for()
    summary = coach.inner_text("table.summary")
    assert "-1.0" in summary
    coach.fill("#comments textarea", "Good research. Next: map the buying cycle at Orchid.")
    coach.click("#comments button")
    coach.locator(".comment.role-coach").wait_for()
    shot(coach, "coaching-02-coach")
    coach.locator(".chart.radar").screenshot(path=str(OUTPUT / "coaching-03-radar.png"))

    coach.click("#close-assessment")
    coach.locator("text=Assessment closed.").wait_for()
    assert coach.locator("#save-ratings").count() == 0
    coach.goto(coach.base_url + "/teams/east/coaching/")
    assert coach.locator('tr[data-salesperson="rep1"] td.heat').count() == 6
    shot(coach, "coaching-04-heatmap")
    coach_context.close()

    assessment.refresh_from_db()
    assert assessment.is_closed
    assert Rating.objects.filter(coach_score__isnull=False).count() == 35
