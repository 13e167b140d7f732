"""Migration plans 0002: expected sales move from a JSON list of cents to money columns.

Run on SQLite and on PostgreSQL (DATABASE_URL): the conversion must be exact, cover the
history rows, refuse what it cannot convert, and go back again.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.teams.models import Salesperson

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plans", "0001_initial")]
AFTER = [("plans", "0002_expected_sales_as_money")]
MONTHS = [f"expected_{m:02d}" for m in range(1, 13)]
# Edge cases of cents: none, one, a round amount, the largest an amount column takes.
CENTS = [0, 1, 99, 100, 12345, 100000, 999999999, 123456789012, 10**15, 10**17, 10**18 - 1, 7]


def _apps(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.fixture
def old_apps() -> Iterator[Any]:
    """The database with plans at 0001; put back at the latest migrations afterwards."""
    try:
        yield _apps(BEFORE)
    finally:
        with connection.cursor() as cursor:  # rows the migration refused would stop it again
            for table in ("plans_historicalplan", "plans_plan"):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _plans(apps: Any, expected: list[Any]) -> list[int]:
    seller = Salesperson.objects.create(code="S1", name="Seller")
    plan_model = apps.get_model("plans", "Plan")
    history_model = apps.get_model("plans", "HistoricalPlan")
    ids = []
    for index, cents in enumerate(expected):
        customer = Customer.objects.create(code=f"C{index}", name=f"Customer {index}")
        plan = plan_model.objects.create(
            salesperson_id=seller.pk,
            customer_id=customer.pk,
            year=2026,
            started_from="blank",
            expected_cents=cents,
        )
        history_model.objects.create(
            id=plan.pk,
            salesperson_id=seller.pk,
            customer_id=customer.pk,
            year=2026,
            started_from="blank",
            expected_cents=cents,
            version=1,
            created=timezone.now(),
            updated=timezone.now(),
            history_date=timezone.now(),
            history_type="+",
        )
        ids.append(plan.pk)
    return ids


def test_it_converts_cents_to_money_exactly_and_back(old_apps: Any) -> None:
    ids = _plans(old_apps, [CENTS, [], list(reversed(CENTS))])
    apps = _apps(AFTER)
    for name in ("Plan", "HistoricalPlan"):
        rows = apps.get_model("plans", name).objects.order_by("id")
        converted = [[getattr(row, month) for month in MONTHS] for row in rows]
        assert converted[0] == [Decimal(c).scaleb(-2) for c in CENTS], name
        assert [str(v) for v in converted[0][:3]] == ["0.00", "0.01", "0.99"]
        assert converted[1] == [None] * 12  # not set stays not set, never zero
        assert converted[2] == [Decimal(c).scaleb(-2) for c in reversed(CENTS)]
    # In the database the columns hold the very same integers of cents.
    table = connection.ops.quote_name(apps.get_model("plans", "Plan")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(MONTHS)} FROM {table} WHERE id = %s", [ids[0]])  # noqa: S608
        assert [int(v) for v in cursor.fetchone()] == CENTS

    back = _apps(BEFORE)
    for name in ("Plan", "HistoricalPlan"):
        rows = back.get_model("plans", name).objects.order_by("id")
        assert [row.expected_cents for row in rows] == [CENTS, [], list(reversed(CENTS))]


@pytest.mark.parametrize(
    "bad",
    [[100] * 11, [100] * 11 + [1.5], [100] * 11 + ["100"], [100] * 11 + [2**63]],
    ids=["eleven months", "a float", "text", "too large"],
)
def test_it_refuses_what_it_cannot_convert_and_changes_nothing(old_apps: Any, bad: Any) -> None:
    _plans(old_apps, [CENTS, bad])
    with pytest.raises(ValueError, match="expected sales"):
        _apps(AFTER)
    plan_model = _apps(BEFORE).get_model("plans", "Plan")
    assert [p.expected_cents for p in plan_model.objects.order_by("id")] == [CENTS, bad]


def test_the_latest_state_needs_no_new_migration() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "plans", "--check", "--dry-run", verbosity=0)
