"""End to end in Chromium on a phone (390×844): log a visit from a key person's page, see it
on the account's timeline and as the person's last contact; the same pages in Chinese."""

from __future__ import annotations

import pytest

from firstchoice.contacts.models import Contact
from firstchoice.people.models import KeyPerson
from firstchoice.portfolio import actions as portfolio_actions
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, TODAY, YEAR, make_customers, make_user
from tests.browser.conftest import OUTPUT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def account() -> KeyPerson:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    rep = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    (customer,) = make_customers(rep, "C", 1)
    portfolio_actions.add_entry(
        actor=user, salesperson=rep, year=YEAR, customer=customer, tier="A", reason="focus"
    )
    KeyPerson.objects.create(customer=customer, name="Chen Wei 陈伟", engagement=2)
    return KeyPerson.objects.create(
        customer=customer, name="Li Na 李娜", title="Purchasing director", engagement=1
    )


def clip(page, selector: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot cut to one element (the page may scroll sideways below it)."""
    box = page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }",
        selector,
    )
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True, clip=box)


def test_it_logs_a_visit_from_a_phone(phone, account, shot) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/board/**")

    page.goto(page.base_url + f"/customers/C001/people/{account.pk}/")
    page.click("text=Log a contact")
    page.wait_for_url("**/contacts/new?person=*")
    form = page.locator("form.contact-form")
    assert form.locator(f"[name=their_people][value='{account.pk}']").is_checked()
    assert form.locator("[name=day]").input_value() == TODAY.isoformat()
    shot(page, "contacts-01-phone-form")

    # A next step due before the visit is refused beside its field, the typing kept.
    form.locator("[name=notes]").fill("Plant tour; asked for consignment figures")
    form.locator("[name=next_step]").fill("Send the consignment proposal")
    form.locator("[name=next_step_due]").fill("2001-01-01")
    form.locator("button.primary").click()
    page.locator("[data-field=next_step_due] .field-error").wait_for()
    assert "cannot be due before" in page.inner_text("[data-field=next_step_due]")
    assert page.locator("[name=notes]").input_value().startswith("Plant tour")
    assert not Contact.objects.exists()

    page.locator("[name=next_step_due]").fill(TODAY.isoformat())
    page.locator("form.contact-form button.primary").click()
    page.wait_for_url("**/customers/C001/**")
    item = page.locator('#timeline li.timeline-item[data-kind="contact"]').first
    assert "Li Na 李娜" in item.inner_text()
    assert "Send the consignment proposal" in item.inner_text()
    # The timeline fits the phone (the sales grid further down scrolls sideways on its own).
    box = page.locator("#timeline").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
    shot(page, "contacts-02-phone-customer")
    page.locator("#timeline").screenshot(path=str(OUTPUT / "contacts-02-phone-timeline.png"))

    page.goto(page.base_url + "/customers/C001/people/")
    row = page.locator(f'#contact-freshness tr[data-person="{account.pk}"]')
    assert TODAY.isoformat() in row.locator(".last-contact").inner_text()
    page.wait_for_load_state("networkidle")
    clip(page, "#contact-freshness", "contacts-03-phone-last-contact")

    page.click("[data-nav-toggle]")  # the language switch is folded with the menu
    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.locator("#contact-freshness").wait_for()
    assert "最近联系" in page.inner_text("#contact-freshness")
    clip(page, "#contact-freshness", "contacts-04-phone-last-contact-zh")
    page.goto(page.base_url + "/customers/C001/")
    assert "时间线" in page.inner_text("#timeline")
    page.locator("#timeline").screenshot(path=str(OUTPUT / "contacts-05-phone-timeline-zh.png"))
    page.goto(page.base_url + "/customers/C001/contacts/new")
    shot(page, "contacts-06-phone-form-zh")

    contact = Contact.objects.get()
    assert list(contact.their_people.all()) == [account]
    assert contact.next_step_owner is not None and contact.next_step_owner.username == "rep1"
