"""Read once per request (lib.memo): the company settings are read once by a page however
many of its parts ask, and never kept past the request (several processes serve: an
administrator's change is seen by the very next request)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from firstchoice.lib import memo
from firstchoice.teams.models import CompanySettings
from tests.base import BaseTestCase


def settings_reads(queries: CaptureQueriesContext) -> int:
    return sum('"teams_companysettings"' in q["sql"] for q in queries.captured_queries)


class RequestMemoTests(BaseTestCase):
    def serve(self, view: object) -> HttpResponse:
        middleware = memo.RequestMemoMiddleware(view)  # type: ignore[arg-type]
        return middleware(RequestFactory().get("/"))

    def test_it_reads_the_settings_once_per_request(self) -> None:
        seen: list[CompanySettings] = []

        def view(request: HttpRequest) -> HttpResponse:
            seen.extend(CompanySettings.load() for _ in range(3))
            return HttpResponse()

        CompanySettings.load()  # the row exists
        with CaptureQueriesContext(connection) as queries:
            self.serve(view)
        self.assertEqual(settings_reads(queries), 1)
        self.assertTrue(all(s is seen[0] for s in seen))

    def test_it_sees_a_change_at_the_next_request(self) -> None:
        names: list[str] = []

        def view(request: HttpRequest) -> HttpResponse:
            names.append(CompanySettings.load().company_name)
            return HttpResponse()

        self.serve(view)
        CompanySettings.objects.filter(pk=1).update(company_name="Acme Trading")
        self.serve(view)
        self.assertEqual(names, ["firstchoice", "Acme Trading"])

    def test_it_keeps_nothing_outside_a_request(self) -> None:
        CompanySettings.load()  # the row exists
        with CaptureQueriesContext(connection) as queries:
            first, second = CompanySettings.load(), CompanySettings.load()
        self.assertEqual(settings_reads(queries), 2)
        self.assertIsNot(first, second)

    def test_it_lets_an_administrator_change_the_settings(self) -> None:
        self.login(self.root)
        settings = CompanySettings.load()
        form = {
            field.name: getattr(settings, field.name)
            for field in CompanySettings._meta.fields
            if field.name != "id"
        }
        response = self.client.post(
            f"/admin/teams/companysettings/{settings.pk}/change/",
            {**form, "company_name": "Acme Trading"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CompanySettings.load().company_name, "Acme Trading")

    def test_it_reads_the_settings_once_on_the_customer_page(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        self.login(self.alice)
        self.client.get("/customers/AL001/")
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/customers/AL001/").status_code, 200)
        self.assertEqual(settings_reads(queries), 1)
