"""End to end in Chromium: map three levels of a customer, mark a coach, draw the org chart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from firstchoice.people import actions
from firstchoice.people.actions import PersonData
from firstchoice.people.models import KeyPerson
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, make_customers, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rep() -> Salesperson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    make_customers(person, "C", 1)
    return person


def add_person(
    page, name: str, *, department: str, title: str, level: str, boss: str = "", boss_is: str = ""
) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("#people-section form.person-form")
    if not form.is_visible():
        page.locator("#people-section details.add-person summary").click()
    form.locator("[name=name]").fill(name)
    form.locator("[name=department]").fill(department)
    form.locator("[name=title]").fill(title)
    form.locator("[name=level]").select_option(level)
    form.locator("[name=engagement]").select_option("2")
    if boss:
        # The list tells people apart: "Name (Title, Department)".
        form.locator("[name=reports_to]").select_option(label=f"{boss} ({boss_is})")
    form.locator("button.primary").click()
    page.locator(f'#people-section td a:text-is("{name}")').wait_for()


def test_it_draws_a_three_level_chart_with_a_coach(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/board/**")

    page.goto(page.base_url + "/customers/C001/people/")
    assert "Champion" in page.locator(".engagement-legend").inner_text()
    add_person(page, "Chen Wei 陈伟", department="Management", title="General manager",
               level="head_office")  # fmt: skip
    add_person(page, "Li Na 李娜", department="Purchasing", title="Purchasing director",
               level="division", boss="Chen Wei 陈伟",
               boss_is="General manager, Management")  # fmt: skip
    add_person(page, "Wang Fang 王芳", department="Purchasing", title="Buyer", level="site",
               boss="Li Na 李娜", boss_is="Purchasing director, Purchasing")  # fmt: skip

    # A phone number too short to dial is refused in place, naming the field; nothing added.
    form = page.locator("#people-section form.person-form")
    form.locator("[name=name]").fill("Bad Phone")
    form.locator("[name=phone]").fill("12-34")
    form.locator("button.primary").click()
    page.locator('[data-field="phone"] .field-error').wait_for()
    assert not KeyPerson.objects.filter(name="Bad Phone").exists()
    shot(page, "people-01-list")

    # Mark the buyer as our coach.
    page.locator('#people-section td a:text-is("Wang Fang 王芳")').click()
    page.locator("#person-body form.person-form").wait_for()
    page.check("#person-body [name=roles][value=coach]")
    page.locator("#person-body form.person-form button.primary").click()
    page.locator("#person-body .msg").wait_for()
    assert KeyPerson.objects.get(name="Wang Fang 王芳").is_coach

    # A loop is refused with the people named.
    page.goto(page.base_url + "/customers/C001/people/")
    page.locator('#people-section td a:text-is("Chen Wei 陈伟")').click()
    page.locator("#person-body [name=reports_to]").select_option(
        label="Wang Fang 王芳 (Buyer, Purchasing)"
    )
    page.locator("#person-body form.person-form button.primary").click()
    error = page.locator('#person-body [data-field="reports_to"] .field-error')
    error.wait_for()
    assert "Chen Wei 陈伟 → Wang Fang 王芳 → Li Na 李娜 → Chen Wei 陈伟" in error.inner_text()
    shot(page, "people-02-cycle-refused")

    # Some more of a demo-like account, one of them not confirmed for a year.
    customer = rep.owned_customers.get()
    gm = KeyPerson.objects.get(name="Chen Wei 陈伟")
    for name, dept, title, level in [
        ("Zhou Tao 周涛", "Production", "Plant manager", "division"),
        ("Xu Min 徐敏", "Quality", "Quality manager", "site"),
    ]:
        head = actions.create_key_person(
            actor=rep.user, customer=customer,
            data=PersonData(name=name, department=dept, title=title, level=level, reports_to=gm),
        )  # fmt: skip
        for i in range(2):
            actions.create_key_person(
                actor=rep.user, customer=customer,
                data=PersonData(name=f"{name.split()[0]} Team {i + 1}", department=dept,
                                title="Supervisor" if i == 0 else "Operator",
                                level="shop_floor", reports_to=head),
            )  # fmt: skip
    KeyPerson.objects.filter(name="Xu Min 徐敏").update(
        confirmed_at=timezone.now() - dt.timedelta(days=400)
    )

    page.goto(page.base_url + "/customers/C001/orgchart/")
    chart = page.locator("#orgchart")
    assert chart.locator(".oc-dept").count() == 4
    purchasing = chart.locator(".oc-dept", has_text="Purchasing")
    director = purchasing.locator("> ul > li.oc-node").first
    assert "Li Na 李娜" in director.locator("> .oc-box").inner_text()
    assert "reports to Chen Wei" in director.locator("> .oc-box").inner_text()
    buyer = director.locator("> ul.oc-children > li > .oc-box")
    assert "Wang Fang 王芳" in buyer.inner_text()
    assert "Coach" in buyer.locator(".badge-coach").inner_text()
    assert "is-coach" in (buyer.get_attribute("class") or "")
    stale = chart.locator(".oc-box.is-stale")
    assert stale.count() == 1 and "Xu Min" in stale.inner_text()
    shot(page, "people-03-orgchart")
    page.emulate_media(media="print")
    shot(page, "people-04-orgchart-print")
    page.emulate_media(media="screen")

    # Our side: the account manager covers the purchasing line.
    page.goto(page.base_url + "/customers/C001/people/")
    page.locator("#ours-section summary").click()
    ours = page.locator("#ours-section form")
    ours.locator("[name=name]").fill("Li Wei 李伟")
    ours.locator("[name=role]").fill("Account manager")
    ours.locator("[name=covers]").select_option(label=["Li Na 李娜", "Wang Fang 王芳"])
    ours.locator("button.primary").click()
    page.locator("#ours-section tr[data-ours]").wait_for()
    assert "Li Na 李娜, Wang Fang 王芳" in page.locator("#ours-section").inner_text()

    page.goto(page.base_url + "/customers/C001/coverage/")
    assert page.locator(".coverage-matrix tr.uncovered").count() == 7
    shot(page, "people-05-coverage")


def test_it_keeps_200_people_readable(page, rep, shot) -> None:  # type: ignore[no-untyped-def]
    customer = rep.owned_customers.get()
    gm = KeyPerson.objects.create(
        customer=customer, name="General Manager", title="GM", department="Management",
        level="head_office", confirmed_at=timezone.now(),
    )  # fmt: skip
    departments = ["Purchasing", "Engineering", "Quality", "Production", "Logistics", "Finance"]
    made = 1
    for d in departments:
        head = KeyPerson.objects.create(
            customer=customer, name=f"{d} director", title="Director", department=d,
            level="division", reports_to=gm, confirmed_at=timezone.now(),
        )  # fmt: skip
        made += 1
        for m in range(5):
            manager = KeyPerson.objects.create(
                customer=customer, name=f"{d} manager {m + 1}", title="Manager", department=d,
                level="site", reports_to=head, engagement=3,
                confirmed_at=timezone.now() - dt.timedelta(days=30 * m * m),
            )  # fmt: skip
            made += 1
            KeyPerson.objects.bulk_create(
                KeyPerson(customer=customer, name=f"{d} {m + 1}.{i + 1}", title="Operator",
                          department=d, level="shop_floor", reports_to=manager)
                for i in range(5)
            )  # fmt: skip
            made += 5
    assert made == 187
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/board/**")
    page.goto(page.base_url + "/customers/C001/orgchart/")
    assert page.locator("#orgchart .oc-box").count() == 187
    # Departments sit side by side: the drawing is about as wide as the screen, not wider.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1440
    shot(page, "people-06-orgchart-187")
