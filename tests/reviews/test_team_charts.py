"""The meeting reads its team's charts together (issue 13): the same figures as each
salesperson's chart read alone (the number of queries: test_meeting, test_query_counts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from firstchoice.plans.actions.action_items import add_action
from firstchoice.plans.actions.objectives import add_objective
from firstchoice.plans.actions.plans import set_expected, start_plan
from firstchoice.portfolio.actions import add_entry
from firstchoice.reviews.models import Statement
from firstchoice.reviews.queries import meeting_members, review_chart, review_charts
from firstchoice.teams.models import Salesperson
from tests.base import make_user
from tests.people.base import person
from tests.reviews.helpers import MONTH, MONTH_URL, ReviewCase, Y

URL = f"/meetings/alpha/{MONTH_URL}/"


class TeamChartsTests(ReviewCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # dave also lists alice's AL001 (an account on two lists, M8) with his own plan,
        # and expects half as much: the shared account must keep each one's expectation.
        cls.dave = make_user("dave", first_name="Dave")
        cls.dave_sp = Salesperson.objects.create(
            code="dave", name="Dave D", user=cls.dave, team=cls.alpha
        )
        first = cls.alice_customers[0]
        add_entry(
            actor=cls.dave,
            salesperson=cls.dave_sp,
            year=Y,
            customer=first,
            tier="B",
            reason="set up by the test",
        )
        plan = start_plan(
            actor=cls.dave, salesperson=cls.dave_sp, customer=first, year=Y, start="blank"
        )
        plan = set_expected(
            actor=cls.dave, plan=plan, version=plan.version, months=[Decimal(500)] * 12
        )
        pained = person(first, "Wang Fang", actor=cls.alice, engagement=2, pains="Late trucks")
        objective = add_objective(
            actor=cls.dave,
            plan=plan,
            title="Win the spares",
            metric="sales",
            target=Decimal(20000),
            due=dt.date(Y, 12, 31),
            owner=cls.dave,
        )
        add_action(
            actor=cls.dave,
            plan=plan,
            what="Fix their trucks' schedule",
            objective=objective,
            owner=cls.alice,  # alice's load counts this action too
            due=dt.date(Y, 5, 31),  # overdue in June
            addresses=[pained],
        )
        person(cls.bob_customers[0], "Zhao Lei", actor=cls.bob, engagement=1, is_coach=True)
        bob_plan = start_plan(
            actor=cls.bob, salesperson=cls.bob_sp, customer=cls.bob_customers[0], year=Y, start="A"
        )
        add_action(
            actor=cls.bob,
            plan=bob_plan,
            what="Quarterly review",
            objective=None,
            owner=cls.alice,
            due=dt.date(Y, 7, 15),
            purpose="keep the contact",
        )
        # erin lists nothing: an empty chart beside the others.
        Salesperson.objects.create(code="erin", name="Erin E", team=cls.alpha)

    def test_it_gives_each_salesperson_the_figures_of_their_chart_read_alone(self) -> None:
        self.write_statement()
        members = meeting_members(self.alpha)
        self.assertEqual([m.code for m in members], ["alice", "bob", "dave", "erin"])
        statements = {s.salesperson_id: s for s in Statement.objects.filter(month=MONTH)}
        together = review_charts(members, MONTH, statements=statements)
        alone = [review_chart(m, MONTH, statement=statements.get(m.pk)) for m in members]
        self.assertEqual(together, alone)
        self.assertEqual([len(c.rows) for c in together], [15, 3, 1, 0])

    def test_it_keeps_each_salespersons_plan_on_a_shared_account(self) -> None:
        alice, _bob, dave, _erin = review_charts(meeting_members(self.alpha), MONTH)
        mine = next(r for r in alice.rows if r.customer.code == "AL001")
        his = dave.rows[0]
        self.assertEqual(his.customer.code, "AL001")
        # The actuals are the account's, whoever sold: the same in both charts.
        self.assertEqual((mine.figures.actual_ytd, his.figures.actual_ytd), (7200, 7200))
        self.assertEqual((mine.figures.expected_ytd, his.figures.expected_ytd), (6000, 3000))
        self.assertEqual(his.figures.ytd_variance.amount, Decimal(4200))
        assert mine.status is not None and his.status is not None
        self.assertEqual((mine.status.actions_overdue, his.status.actions_overdue), (0, 1))
        self.assertEqual(his.status.plan.salesperson_id, self.dave_sp.pk)
        # The pain dave's action addresses counts as addressed on alice's row too.
        self.assertEqual(mine.people, his.people)
        self.assertEqual(his.people.unaddressed_pains, 0)

    def test_it_totals_the_team_on_the_meeting_page(self) -> None:
        self.login(self.mary)
        view = self.client.get(URL).context["view"]
        self.assertEqual([len(c.rows) for c in view.charts], [15, 3, 1, 0])
        self.assertEqual(view.total.accounts, 19)
        self.assertEqual(view.total.expected_ytd, Decimal(9000))  # alice 6,000 + dave 3,000
        self.assertEqual(view.total.actual_ytd, Decimal(14400))  # AL001 on both lists
        self.assertEqual(view.total.actual_month_all, Decimal(900 + 999 + 1200))
