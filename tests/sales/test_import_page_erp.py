"""The import page for ERP exports (issues 12 and 15): every column with the field it was
read as or "not used", the warning and confirmation for files without invoice numbers, the
encoding choice, and the preview of what --replace-period replaces."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from firstchoice.customers.models import Customer
from firstchoice.sales.importer import ImportOptions, import_sales
from firstchoice.sales.models import ImportBatch, SalesLine
from tests.base import BaseTestCase
from tests.jobs import run_jobs


class ImportPageTestCase(BaseTestCase):
    def upload(self, content: bytes, name: str = "erp.csv") -> ImportBatch:
        r = self.client.post("/imports/upload", {"file": SimpleUploadedFile(name, content)})
        assert r.status_code == 302, r.content
        return ImportBatch.objects.latest("id")

    def test_it_lists_every_column_with_its_field_or_not_used(self) -> None:
        self.login(self.root)
        batch = self.upload(
            "日期,客户编码,业务员,金额,单号,备注\n2026-05-01,AL001,alice,1.00,D1,x\n".encode()
        )
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        table = html[html.index('class="list compact columns-used"') :]
        table = table[: table.index("</table>")]
        assert "<td>单号</td><td><code>invoice_no</code>" in table
        assert '<td>备注</td><td><span class="muted">not used</span>' in table
        assert "repeated lines cannot be detected" not in html

    def test_it_warns_and_asks_before_importing_without_invoice_numbers(self) -> None:
        self.login(self.root)
        batch = self.upload(b"date,customer,rep,amount\n2026-05-01,AL001,alice,1.00\n")
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "repeated lines cannot be detected" in html
        assert 'name="without_invoice_numbers"' in html
        r = self.client.post(f"/imports/{batch.pk}/start", {})
        assert r.status_code == 302
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "pending" and not SalesLine.objects.exists()
        self.client.post(f"/imports/{batch.pk}/start", {"without_invoice_numbers": "on"})
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "done" and SalesLine.objects.count() == 1

    def test_it_reads_the_file_in_the_encoding_chosen(self) -> None:
        self.login(self.root)
        content = (
            "date,customer,customer name,rep,amount,invoice\n2026-05-01,K1,현대상사,alice,1.00,K1\n"
        )
        batch = self.upload(content.encode("euc_kr"))
        html = self.client.get(f"/imports/{batch.pk}/?encoding=euc_kr").content.decode()
        assert "현대상사" in html and "EUC-KR" in html
        self.client.post(f"/imports/{batch.pk}/start", {"encoding": "euc_kr"})
        run_jobs()
        assert Customer.objects.get(code="K1").name == "현대상사"

    def test_it_names_the_candidates_of_an_ambiguous_file_and_offers_the_choice(self) -> None:
        self.login(self.root)
        batch = self.upload("a,b\nZ1,Ü\n".encode("cp1252"))
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "ambiguous" in html and "Windows-1252" in html and "Windows-1251" in html
        assert 'name="encoding"' in html

    def test_it_previews_and_applies_a_replaced_period(self) -> None:
        first = import_sales(
            self._file("old.csv", "2026-04-03,AL001,alice,5.00\n2026-04-04,AL002,alice,6.00\n"),
            actor=None,
            options=ImportOptions(without_invoice_numbers=True),
        )
        assert first.batch is not None
        self.login(self.root)
        batch = self.upload(b"date,customer,rep,amount\n2026-04-05,AL001,alice,7.00\n")
        html = self.client.get(f"/imports/{batch.pk}/?replace=1").content.decode()
        assert f"replaces 2 lines of 2026-04 imported by batch {first.batch.pk}" in html
        self.client.post(f"/imports/{batch.pk}/start", {"replace_period": "on"})
        run_jobs()
        batch.refresh_from_db()
        assert batch.status == "done" and batch.replaced[0]["lines"] == 2
        assert list(SalesLine.objects.values_list("amount", flat=True)) == [7]
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert f"Replaced 2 lines of 2026-04 imported by batch {first.batch.pk}" in html

    def _file(self, name: str, body: str):  # type: ignore[no-untyped-def]
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp())
        path = folder / name
        path.write_text("date,customer,rep,amount\n" + body)
        return path
