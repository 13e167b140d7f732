"""Whole pages from the cache (teams.pagecache): served again only while nothing shown changed.

Each test reads a page twice and checks the second answer came from the cache, then
changes something in one of the ways data changes (an action, QuerySet.update, raw SQL,
bulk_create, a permission) and checks the next answer is drawn afresh and shows it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from firstchoice.customers.models import Customer
from firstchoice.notifications.models import Notification
from firstchoice.teams import pagecache
from firstchoice.teams.models import DataVersion, Salesperson, Team
from tests.base import YEAR, BaseTestCase, make_customers, make_user

pytestmark = pytest.mark.page_cache

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


class PageCacheTest(BaseTestCase):
    def setUp(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        self.url = f"/board/alice/{YEAR}/"
        self.login(self.alice)

    def get(self, url: str = "", client: Client | None = None) -> tuple[str, str]:
        response = (client or self.client).get(url or self.url)
        assert response.status_code == 200
        return response["X-Page-Cache"], response.content.decode()

    def assert_fresh_after(self, change: object) -> None:
        assert self.get()[0] == "miss"
        assert self.get()[0] == "hit"
        assert callable(change)
        change()
        state, html = self.get()
        assert state == "miss"
        assert "Renamed Coatings" in html

    def test_a_second_read_comes_from_the_cache_with_the_same_page(self) -> None:
        first_state, first = self.get()
        second_state, second = self.get()
        assert (first_state, second_state) == ("miss", "hit")
        assert "AL Customer 1" in second
        # The same page but for the CSRF tokens, which are this request's own.
        assert ANY_TOKEN.sub("", first) == ANY_TOKEN.sub("", second)
        assert pagecache.CSRF_MARKER not in second

    def test_the_token_in_a_cached_page_is_accepted_on_a_form(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.get(client=client)
        state, html = self.get(client=client)
        assert state == "hit"
        token = TOKEN.search(html)
        assert token is not None
        response = client.post(
            f"/board/alice/{YEAR}/add",
            {"csrfmiddlewaretoken": token.group(1), "customer": "AL002", "tier": "A",
             "reason": "from a cached page"},
        )  # fmt: skip
        assert response.status_code in (200, 302), response.status_code
        assert "AL Customer 2" in self.get()[1]

    def test_an_action_shows_at_once(self) -> None:
        def rename() -> None:
            customer = Customer.objects.get(code="AL001")
            customer.name = "Renamed Coatings"
            customer.save()

        self.assert_fresh_after(rename)

    def test_a_queryset_update_shows_at_once(self) -> None:
        self.assert_fresh_after(
            lambda: Customer.objects.filter(code="AL001").update(name="Renamed Coatings")
        )

    def test_raw_sql_shows_at_once(self) -> None:
        def raw() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Customer._meta.db_table} SET name = %s WHERE code = %s",  # noqa: S608
                    ["Renamed Coatings", "AL001"],
                )

        self.assert_fresh_after(raw)

    def test_a_write_to_a_table_no_page_shows_keeps_the_cache(self) -> None:
        self.get()
        Notification.objects.create(user=self.alice, kind="action_assigned", params={})
        self.client.session.save()
        assert self.get()[0] == "hit"

    def test_another_user_never_gets_my_page(self) -> None:
        self.get()
        self.client.force_login(self.mary)  # a manager of alice's team: may see the board
        state, _html = self.get()
        assert state == "miss"

    def test_a_user_who_lost_access_is_refused_not_served_the_cached_page(self) -> None:
        self.client.force_login(self.mary)
        self.get()
        assert self.get()[0] == "hit"
        self.alpha.managers.remove(self.mary)
        assert self.client.get(self.url).status_code in (403, 404)

    def test_the_next_day_is_drawn_afresh(self) -> None:
        self.get()
        tomorrow = timezone.now() + dt.timedelta(days=1)
        with time_machine.travel(tomorrow, tick=False):
            assert self.get()[0] == "miss"

    def test_each_language_has_its_own_page(self) -> None:
        self.get()
        self.alice.language = "zh-hans"
        self.alice.save(update_fields=["language"])
        state, html = self.get()
        assert state == "miss"
        assert 'lang="zh-Hans"' in html

    def test_a_waiting_message_is_shown_not_a_cached_page(self) -> None:
        self.get()
        storage = CookieStorage(HttpRequest())
        storage.add(constants.INFO, "Saved the board")
        carrier = HttpResponse()
        storage.update(carrier)
        self.client.cookies["messages"] = carrier.cookies["messages"].value
        answer = self.client.get(self.url)
        assert "X-Page-Cache" not in answer  # neither served from the cache nor stored
        assert "Saved the board" in answer.content.decode()

    def test_a_page_is_not_cached_when_switched_off(self) -> None:
        with override_settings(PAGE_CACHE=False):
            response = self.client.get(self.url)
            assert "X-Page-Cache" not in response
            assert "X-Page-Cache" not in self.client.get(self.url)

    def test_a_failing_cache_serves_the_page(self) -> None:
        with mock.patch.object(cache, "get", side_effect=ConnectionError("redis gone")):
            response = self.client.get(self.url)
        assert response.status_code == 200
        assert "AL Customer 1" in response.content.decode()

    def test_an_anonymous_visitor_is_sent_to_log_in(self) -> None:
        self.get()
        self.client.logout()
        response = self.client.get(self.url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_a_cached_read_costs_a_handful_of_queries(self) -> None:
        self.get()
        with CaptureQueriesContext(connection) as queries:
            assert self.get()[0] == "hit"
        # The session, the user and the data version.
        assert len(queries) <= 3, [q["sql"] for q in queries]


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ('INSERT INTO "customers_customer" ("code") VALUES (%s)', True),
        ('UPDATE "sales_salesline" SET "amount" = 1', True),
        ('DELETE FROM "portfolio_portfolioentry" WHERE 1', True),
        ("INSERT OR IGNORE INTO sales_salesline (id) VALUES (1)", True),
        ("  update customers_customer set name = 'x'", True),
        ("WITH x AS (SELECT 1) UPDATE customers_customer SET name = 'x'", True),
        ("TRUNCATE sales_salesline", True),
        ('SELECT "id" FROM "customers_customer" FOR UPDATE', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ('UPDATE "django_session" SET "expire_date" = 1', False),
        ('INSERT INTO "notifications_notification" ("kind") VALUES (%s)', False),
        ('UPDATE "teams_dataversion" SET "token" = %s', False),
    ],
)
def test_which_statements_change_what_pages_show(sql: str, shown: bool) -> None:
    assert pagecache.writes_shown_data(sql) is shown


class CommittedWritesTest(TransactionTestCase):
    """Outside the suite's rolled-back transactions: the version changes when a write
    commits, once per transaction, and not at all when it rolls back."""

    def version(self) -> str:
        return pagecache.current_version()

    def test_a_committed_transaction_gives_one_new_version(self) -> None:
        before = self.version()
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            make_customers(None, "TX", 3)
            for customer in Customer.objects.filter(code__startswith="TX"):
                customer.name += " (checked)"
                customer.save()
            with transaction.atomic():
                Customer.objects.filter(code="TX001").update(name="nested")
            assert self.version() == before  # not before the commit
        assert self.version() != before
        upserts = [q for q in queries if DataVersion._meta.db_table in q["sql"]]
        assert len([q for q in upserts if q["sql"].startswith("INSERT")]) == 1

    def test_a_rolled_back_transaction_keeps_the_version(self) -> None:
        make_customers(None, "RB", 1)
        before = self.version()
        with pytest.raises(RuntimeError), transaction.atomic():
            Customer.objects.filter(code="RB001").update(name="never")
            raise RuntimeError("rolled back")
        assert self.version() == before

    def test_a_rolled_back_savepoint_does_not_hide_a_later_write(self) -> None:
        make_customers(None, "SP", 1)
        before = self.version()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Customer.objects.filter(code="SP001").update(name="undone")
                    raise RuntimeError("inner rolled back")
            except RuntimeError:
                pass
            Customer.objects.filter(code="SP001").update(name="kept")
        assert self.version() != before

    def test_one_replacement_waits_however_many_savepoints_the_writes_are_in(self) -> None:
        make_customers(None, "MS", 1)
        before = self.version()
        job = pagecache._after_commit(connection.alias)
        with transaction.atomic():
            for i in range(300):  # as a row-per-savepoint import does
                with transaction.atomic():
                    Customer.objects.filter(code="MS001").update(name=f"row {i}")
            pending = [entry for entry in connection.run_on_commit if entry[1] is job]
            assert len(pending) == 1
        assert self.version() != before

    def test_autocommit_writes_change_it_at_once(self) -> None:
        before = self.version()
        team = Team.objects.create(name="Gamma", slug="gamma")
        assert self.version() != before
        middle = self.version()
        user = make_user("gina")
        Salesperson.objects.create(code="gina", name="Gina", user=user, team=team)
        assert self.version() not in (before, middle)


def test_the_cached_page_of_one_database_is_not_another_s() -> None:
    request = mock.Mock()
    request.user.pk = 1
    request.get_full_path.return_value = "/board/x/2026/"
    request.headers = {}
    with mock.patch.dict(settings.DATABASES["default"], {"NAME": "one"}):
        one = pagecache._key(request, "v")
    with mock.patch.dict(settings.DATABASES["default"], {"NAME": "two"}):
        two = pagecache._key(request, "v")
    assert one != two


class DownloadCacheTest(BaseTestCase):
    """The meeting's workbook: drawn once per state of the data, with its file name."""

    def test_the_workbook_is_kept_with_its_name_until_the_data_changes(self) -> None:
        self.add(self.alice_sp, self.alice_customers[0], "A")
        self.login(self.mary)
        month = f"{YEAR}-01"
        url = f"/meetings/alpha/{month}/pack.xlsx"
        first = self.client.get(url)
        second = self.client.get(url)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert second["Content-Disposition"] == first["Content-Disposition"]
        assert second["Content-Disposition"].startswith("attachment;")
        assert second.content == first.content
        names = load_workbook(io.BytesIO(second.content)).sheetnames
        Salesperson.objects.filter(pk=self.alice_sp.pk).update(name="Alice Renamed")
        third = self.client.get(url)
        assert third["X-Page-Cache"] == "miss"
        assert load_workbook(io.BytesIO(third.content)).sheetnames != names


def test_an_api_token_s_last_use_is_not_a_change_of_what_pages_show() -> None:
    assert not pagecache.writes_shown_data('UPDATE "teams_apitoken" SET "last_used" = %s')
    assert pagecache.writes_shown_data('UPDATE "teams_user" SET "first_name" = %s')
