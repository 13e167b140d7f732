"""In Chromium: one bad value on each kind of form. The form comes back where the user
acted, open, with every other value as typed and the message beside the failing field.

The browser's own checks (`required`, `type=email`) are switched off before sending
(`novalidate`), as an older browser or a pasted value would: the server's answer is what is
tested. One browser for all cases; each case is one page and one submit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from firstchoice.plans.actions import plans as plan_actions
from firstchoice.portfolio import actions
from firstchoice.teams.models import Salesperson, Team, User
from tests.base import PASSWORD, TODAY, YEAR, make_customers, make_user, sell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass
class Case:
    """A form: where it is, how to open it, what to type (one value bad), which field fails."""

    url: str
    form: str  # a CSS selector for the form
    values: dict[str, str | list[str]]
    bad: str  # the field whose message must sit beside it
    message: str  # part of that message
    opener: str = ""  # a <summary> to click first
    chosen: dict[str, str] = field(default_factory=dict)  # select name -> option value
    language: str = ""  # the user's language ("" = English)


CASES: dict[str, Case] = {
    "board add by unknown name": Case(
        url=f"/board/rep1/{YEAR}/",
        opener=".tier-c .slot details.add summary",
        form=".tier-c .slot details.add form",
        values={"customer": "Nobody Trading Ltd", "reason": "New plant opens in May"},
        bad="customer",
        message="No customer with the code or name",
    ),
    "board move into a full tier": Case(
        url=f"/board/rep1/{YEAR}/",
        opener="li[data-customer=C006] details.card-actions summary",
        form="li[data-customer=C006] form.move-form",
        values={"reason": "Won the framework contract"},
        chosen={"tier": "A"},
        bad="tier",
        message="Tier A is full",
    ),
    "plan objective": Case(
        url=f"/plans/rep1/{YEAR}/C001/",
        opener="#add-objective summary",
        form="#add-objective form",
        values={
            "title": "Share of coatings spend",
            "baseline": "55",
            "target": "lots",
            "unit": "%",
            "due": f"{YEAR}-11-30",
        },
        bad="target",
        message="Target: enter a number such as 12,500 or 98%",
    ),
    "plan expected sales": Case(
        url=f"/plans/rep1/{YEAR}/C001/",
        opener="details.add:has(form[action$='/expected']) summary",
        form="form[action$='/expected']",
        values={
            "mode": "months",
            **{f"month_{m}": f"{m},000" for m in range(1, 13)},
            "month_3": "12.500,00",
        },
        bad="month_3",
        message="March: enter an amount such as 12,500",
    ),
    "plan expected sales (Chinese)": Case(
        url=f"/plans/rep1/{YEAR}/C001/",
        opener="details.add:has(form[action$='/expected']) summary",
        form="form[action$='/expected']",
        values={
            "mode": "months",
            **{f"month_{m}": f"{m}，000" for m in range(1, 13)},
            "month_3": "一万",
        },
        bad="month_3",
        message="三月：请输入金额，例如 12,500",
        language="zh-hans",
    ),
    "key person": Case(
        url="/customers/C001/people/",
        opener="details.add-person summary",
        form="details.add-person form",
        values={
            "name": "Zhou Min",
            "title": "Plant manager",
            "department": "Plant",
            "phone": "12",
            "pains": "Unplanned downtime",
        },
        bad="phone",
        message="digits",
    ),
    "target potential": Case(
        url="/customers/C001/",
        opener="#potential details summary",
        form="#potential form",
        values={
            "total": "lots",
            "other_channels": "250,000",
            "confidence": "70%",
            "source": "Plant visit",
        },
        bad="total",
        message="Total market volume: enter an amount such as 2,500,000",
    ),
    "coaching goal": Case(
        url="/coaching/rep1/",
        form="form.goal-form",
        values={"goal": "", "due": f"{YEAR}-12-01"},
        bad="goal",
        message="This field is required",
    ),
}


@pytest.fixture
def world() -> None:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    rep = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    customers = make_customers(rep, "C", 8)
    for month in range(1, 13):
        day = dt.date(YEAR - 1, month, 15)
        sell(customers[0], "10000.00", "1500.00", days_ago=(TODAY - day).days)
    for customer, tier in zip(customers[:6], "AAAAAB", strict=True):  # tier A full
        actions.add_entry(
            actor=user, salesperson=rep, year=YEAR, customer=customer, tier=tier, reason="set up"
        )
    plan_actions.start_plan(
        actor=user, salesperson=rep, customer=customers[0], year=YEAR, start="blank"
    )


def login(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()


# The message beside a field: in the field's own label or field box, nowhere else.
BESIDE = """el => {
  const box = el.closest('.field') || el.closest('label') || el.parentElement;
  const next = box.nextElementSibling;
  const found = box.querySelector('.field-error') ||
    (next && next.matches('.field-error') ? next : null);
  return found ? found.textContent : null;
}"""


@pytest.mark.parametrize("name", list(CASES))
def test_a_refused_form_keeps_every_value_and_says_why_beside_the_field(  # type: ignore[no-untyped-def]
    page, world, shot, name: str
) -> None:
    case = CASES[name]
    User.objects.filter(username="rep1").update(language=case.language)
    login(page)
    page.goto(page.base_url + case.url)
    if case.opener:
        page.click(case.opener)
    form = page.locator(case.form).first
    for key, value in case.values.items():
        target = form.locator(f"[name={key}]")
        kind = (target.first.get_attribute("type") or "").lower()
        if kind == "radio":
            form.locator(f"[name={key}][value={value}]").check()
        else:
            target.first.fill(str(value))
    for key, label in case.chosen.items():
        form.locator(f"select[name={key}]").select_option(value=label)
    form.evaluate("f => { f.noValidate = true; }")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button.primary, button:not([type=button])").first.click()
    assert answer.value.status == 422
    page.wait_for_load_state()
    # The same form, open again, in place (not a message at the top of the page). htmx
    # swaps the answer in after the response has arrived, so wait for the marked field
    # (up to the default timeout) rather than reading the form that was just sent.
    marked = (
        "([form, name]) => { const f = document.querySelector(form);"
        " const el = f && f.querySelector(`[name=${name}]`);"
        " return !!el && (el.getAttribute('aria-invalid') === 'true'"
        " || el.closest('.has-error') !== null); }"
    )
    page.wait_for_function(marked, arg=[case.form, case.bad])
    form = page.locator(case.form).first
    form.wait_for(state="visible")
    bad = form.locator(f"[name={case.bad}]").first
    assert bad.evaluate(
        "el => el.getAttribute('aria-invalid') === 'true' || el.closest('.has-error') !== null"
    )
    beside = bad.evaluate(BESIDE)
    assert beside is not None and case.message in beside, beside
    label = case.message.split(":")[0].split("：")[0]
    assert beside.count(label) == 1, beside  # the field named once
    for key, value in case.values.items():
        if key == case.bad:
            continue
        target = form.locator(f"[name={key}]")
        if (target.first.get_attribute("type") or "").lower() == "radio":
            assert form.locator(f"[name={key}][value={value}]").is_checked()
        else:
            assert target.first.input_value() == value, key
    for key, label in case.chosen.items():
        assert form.locator(f"select[name={key}]").input_value() == label
    assert form.locator(f"[name={case.bad}]").first.input_value() == case.values.get(
        case.bad, form.locator(f"[name={case.bad}]").first.input_value()
    )
    shot(page, "forms-" + name.replace(" ", "-"))
