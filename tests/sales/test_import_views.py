"""The import pages: upload, preview, import (inline in tests), roll back; admins only."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from firstchoice.sales.models import ImportBatch, SalesLine
from tests.base import BaseTestCase
from tests.jobs import run_jobs
from tests.sales.test_import import HEADER, ROWS


def csv_bytes(rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> bytes:
    lines = [",".join(f'"{c}"' for c in row) for row in [header, *rows]]
    return ("\n".join(lines) + "\n").encode()


class UploadTestCase(BaseTestCase):
    def upload(self, content: bytes, name: str = "sales.csv") -> ImportBatch:
        r = self.client.post("/imports/upload", {"file": SimpleUploadedFile(name, content)})
        assert r.status_code == 302, r.content
        return ImportBatch.objects.latest("id")


class ImportPagesTestCase(UploadTestCase):
    def start(self, batch: ImportBatch, data: dict[str, str] | None = None) -> HttpResponse:
        """Press Import, then let a worker run the queued job."""
        r = self.client.post(f"/imports/{batch.pk}/start", data or {})
        run_jobs()
        return r

    def test_it_uploads_previews_and_imports(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        assert batch.status == "pending" and len(batch.checksum) == 64
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "CSV" in html and "新客户有限公司" in html
        assert "<option selected>amount</option>" in html  # detected mapping
        r = self.start(batch, {"date_order": ""})
        assert r.status_code == 302
        batch.refresh_from_db()
        assert batch.status == "done" and batch.rows == 4
        assert batch.amount_total == Decimal("1100.50")
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "1,100.50" in html and "Roll back this import" in html

    def test_it_shows_row_errors_and_writes_nothing(self) -> None:
        self.login(self.root)
        bad = [*ROWS, ["2026-01-01", "X1", "n", "r", "12.x", "1", "", "", ""]]
        batch = self.upload(csv_bytes(bad))
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "amount:" in html  # the preview flags the row
        self.start(batch, {})
        batch.refresh_from_db()
        assert batch.status == "failed" and batch.error_count == 1
        assert not SalesLine.objects.exists()
        html = self.client.get(f"/imports/{batch.pk}/").content.decode()
        assert "12.x" in html and "Roll back" not in html
        assert "Nothing was imported: 1 of 5 rows read are invalid." in html

    def test_it_skips_invalid_rows_when_asked(self) -> None:
        self.login(self.root)
        bad = [*ROWS, ["2026-01-01", "X1", "n", "r", "12.x", "1", "", "", ""]]
        batch = self.upload(csv_bytes(bad))
        self.start(batch, {"skip_invalid": "on"})
        batch.refresh_from_db()
        assert (batch.status, batch.rows, batch.rejected) == ("done", 4, 1)
        r = self.client.get(f"/imports/{batch.pk}/rejects.csv")
        assert r.status_code == 200 and b"12.x" in b"".join(r.streaming_content)

    def test_it_refuses_a_non_spreadsheet(self) -> None:
        self.login(self.root)
        r = self.client.post("/imports/upload", {"file": SimpleUploadedFile("x.exe", b"MZ")})
        assert r.status_code == 422
        assert "Upload a CSV or XLSX file" in r.content.decode()
        assert not ImportBatch.objects.exists()

    def test_it_rolls_back_from_the_page(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        self.start(batch, {})
        r = self.client.post(f"/imports/{batch.pk}/rollback")
        assert r.status_code == 302
        batch.refresh_from_db()
        assert batch.status == "rolled_back" and not SalesLine.objects.exists()

    def test_it_is_for_administrators_only(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes())
        for user in (self.mary, self.alice, self.charlie):
            self.login(user)
            assert self.client.get("/imports/").status_code == 404
            assert self.client.get(f"/imports/{batch.pk}/").status_code == 404
            assert self.client.post(f"/imports/{batch.pk}/start", {}).status_code == 404
            assert self.client.post(f"/imports/{batch.pk}/rollback").status_code == 404
        self.client.logout()
        assert self.client.get("/imports/").status_code == 302
        batch.refresh_from_db()
        assert batch.status == "pending"

    def test_it_refuses_wrong_methods(self) -> None:
        self.login(self.root)
        assert self.client.post("/imports/").status_code == 405
        assert self.client.get("/imports/upload").status_code == 405
        batch = self.upload(csv_bytes())
        assert self.client.get(f"/imports/{batch.pk}/start").status_code == 405
        assert self.client.get(f"/imports/{batch.pk}/rollback").status_code == 405

    def test_it_lists_imports(self) -> None:
        self.login(self.root)
        batch = self.upload(csv_bytes(), name="erp-2026.csv")
        html = self.client.get("/imports/").content.decode()
        assert "erp-2026.csv" in html and f"/imports/{batch.pk}/" in html
