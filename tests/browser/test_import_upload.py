"""End to end in Chromium: an administrator uploads an XLSX, checks the preview, imports it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from firstchoice.sales.models import ImportBatch, SalesLine
from tests.base import PASSWORD, make_user
from tests.jobs import run_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["开票日期", "客户编码", "客户名称", "业务员", "金额", "毛利", "付款方式", "发票号", "行号"]
    )
    for day in range(1, 21):
        sheet.append(
            [
                f"2026-03-{day:02d}",
                f"K{day % 4}",
                f"客户{day % 4}有限公司",
                "erp-7",
                1000 + day / 100,
                200,
                "NET30" if day % 4 else "货到付款",
                f"F{day}",
                1,
            ]
        )
    path = tmp_path / "erp-export.xlsx"
    book.save(path)
    return path


def test_it_imports_an_xlsx_through_the_page(page, workbook, shot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    make_user("boss", is_staff=True, is_superuser=True)
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.goto(page.base_url + "/imports/")
    page.set_input_files("input[type=file]", str(workbook))
    page.click("text=Upload and preview")
    page.wait_for_selector("table.preview")
    assert "客户0有限公司" in page.inner_text("table.preview")
    assert page.locator("select[name=map_amount] option:checked").inner_text() == "金额"
    shot(page, "10-import-preview")

    page.click("form.start-form button.primary")
    page.wait_for_selector("text=Waiting for a worker")
    assert run_jobs() == 1  # what `firstchoice worker` does; the page polls until done
    page.wait_for_selector(".summary .status-done", timeout=30_000)
    summary = page.inner_text(".summary")
    assert "20" in summary and "20,002.10" in summary
    shot(page, "11-import-done")

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows, batch.amount_total) == ("done", 20, Decimal("20002.10"))
    assert SalesLine.objects.count() == 20
