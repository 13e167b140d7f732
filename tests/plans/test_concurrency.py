"""Two people save the same objective at the same moment: exactly one wins, the other is told.

Real concurrent transactions (one database connection per thread), so the row lock and the
version check are exercised on the database itself: run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from firstchoice.lib.edits import StaleEdit
from firstchoice.plans.actions import objectives, plans
from firstchoice.plans.models import Objective
from firstchoice.portfolio import actions as portfolio_actions
from firstchoice.teams.models import Salesperson, Team
from tests.base import YEAR, make_customers, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_lets_exactly_one_of_two_simultaneous_edits_win() -> None:
    team = Team.objects.create(name="T", slug="t")
    rep, boss = make_user("rep"), make_user("boss")
    team.managers.add(boss)
    person = Salesperson.objects.create(code="rep", name="Rep", user=rep, team=team)
    (customer,) = make_customers(person, "X", 1)
    portfolio_actions.add_entry(
        actor=rep, salesperson=person, year=YEAR, customer=customer, tier="A", reason="test"
    )
    plan = plans.start_plan(
        actor=rep, salesperson=person, customer=customer, year=YEAR, start="blank"
    )
    objective = objectives.add_objective(
        actor=rep,
        plan=plan,
        title="Lines",
        metric="custom",
        target=Decimal(3),
        due=dt.date(YEAR, 12, 31),
        owner=rep,
    )
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(user_name: str, target: int) -> None:
        from firstchoice.teams.models import User

        try:
            user = User.objects.get(username=user_name)
            mine = Objective.objects.select_related("plan__salesperson").get(pk=objective.pk)
            start.wait(timeout=10)
            objectives.update_objective(
                actor=user, objective=mine, version=1, target=Decimal(target)
            )
            outcomes[user_name] = "saved"
        except StaleEdit as exc:
            outcomes[user_name] = f"stale: {exc.changed_by}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=("rep", 4)),
        threading.Thread(target=edit, args=("boss", 5)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["saved", "stale"]
    winner = next(name for name, o in outcomes.items() if o == "saved")
    loser = next(name for name in outcomes if name != winner)
    assert outcomes[loser] == f"stale: {winner}"
    objective.refresh_from_db()
    assert objective.version == 2
    assert objective.target == Decimal(4 if winner == "rep" else 5)
    assert Objective.history.filter(id=objective.pk).count() == 2  # created + one change
