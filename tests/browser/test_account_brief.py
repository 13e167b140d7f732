"""Issue 12: the printed account brief of an account with a real org chart (42 people in six
departments, three levels deep) fits two portrait A4 pages, in English and Chinese, with no
heading left alone at the foot of a page."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import timezone

from firstchoice.people.models import KeyPerson
from firstchoice.portfolio import actions
from firstchoice.teams.models import Salesperson, Team
from tests.base import PASSWORD, YEAR, make_customers, make_user, sell
from tests.browser.conftest import OUTPUT
from tests.customers.research import estimate, fill_section, rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENTS = ["Management 管理", "Engineering 工程", "Logistics 物流", "Production 生产",
               "Purchasing 采购", "Quality 质量"]  # fmt: skip


@pytest.fixture
def account() -> str:
    team = Team.objects.create(name="East 华东", slug="east")
    user = make_user("rep1", first_name="Li", last_name="Wei")
    person = Salesperson.objects.create(code="rep1", name="Li Wei 李伟", user=user, team=team)
    customer = make_customers(person, "C", 1)[0]
    sell(customer, "20000.00", "3000.00")
    actions.add_entry(
        actor=user, salesperson=person, year=YEAR, customer=customer, tier="A", reason="plan"
    )
    fill_section(user, customer)
    estimate(user, customer, total="250000.00", other="50000.00")
    rule(user, customer, kind="inventory", can="no")
    now = timezone.now()
    for d, department in enumerate(DEPARTMENTS):
        head = KeyPerson.objects.create(
            customer=customer,
            name=f"Head {d} 王{d}",
            department=department,
            title="Director 总监",
            level="division",
            confirmed_at=now,
        )
        for m in range(2):
            manager = KeyPerson.objects.create(
                customer=customer,
                name=f"Manager {d}{m} 李{m}",
                department=department,
                title="Manager 经理",
                reports_to=head,
                confirmed_at=now,
            )
            for s in range(2):
                KeyPerson.objects.create(
                    customer=customer,
                    name=f"Staff {d}{m}{s} 张{s}",
                    department=department,
                    title="Engineer 工程师",
                    level="shop_floor",
                    reports_to=manager,
                )
    assert KeyPerson.objects.filter(customer=customer).count() == 42
    return customer.code


def _brief(page, name: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    path = OUTPUT / f"{name}.pdf"
    path.write_bytes(page.pdf(format="A4", prefer_css_page_size=True, print_background=True))
    page.emulate_media(media="screen")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    for old in OUTPUT.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(OUTPUT / name)], check=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


def _no_orphaned_heading(text: str, headings: list[str]) -> None:
    """No page ends with a heading: the last lines of every page but the last are content."""
    for page_text in text.split("\f")[:-1]:
        lines = [line.strip() for line in page_text.splitlines() if line.strip()]
        assert lines, "an empty page"
        assert lines[-1] not in headings, lines[-3:]


def test_it_prints_the_account_brief_on_two_pages(page, account) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "rep1")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**/board/rep1/{YEAR}/")
    page.goto(page.base_url + f"/customers/{account}/")
    pages, text = _brief(page, "brief-en")
    assert pages <= 2, text
    assert "Org chart" in text and "Staff 511" in text  # the whole chart is printed
    _no_orphaned_heading(text, ["Org chart", "Rules of engagement", "Target potential",
                                "Research dossier", "Key people"])  # fmt: skip

    page.click("button[value=zh-hans]")
    page.wait_for_load_state()
    pages, text = _brief(page, "brief-zh")
    assert pages <= 2, text
    assert "组织架构图" in text and "Staff 511" in text
    _no_orphaned_heading(text, ["组织架构图", "合作规则", "目标潜力", "客户研究档案", "关键人物"])
