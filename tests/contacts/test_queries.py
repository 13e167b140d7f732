import datetime as dt

from firstchoice.coaching import actions as coaching_actions
from firstchoice.coaching import gathering
from firstchoice.contacts import queries
from firstchoice.lib.dates import add_months
from tests.base import TODAY
from tests.contacts.base import ContactsTestCase


class NextStepsDueByTestCase(ContactsTestCase):
    def test_it_finds_open_dated_next_steps_due_by_a_day(self) -> None:
        due = self.log(
            day=TODAY - dt.timedelta(days=5),
            next_step="Call back",
            next_step_due=TODAY + dt.timedelta(days=1),
        )
        self.log(next_step="Later", next_step_due=TODAY + dt.timedelta(days=9))
        self.log(next_step="Undated")
        done = self.log(
            day=TODAY - dt.timedelta(days=5),
            next_step="Done",
            next_step_due=TODAY,
            next_step_done_on=TODAY,
        )
        found = list(queries.next_steps_due_by(TODAY + dt.timedelta(days=1)))
        assert found == [due]
        assert done not in found
        assert list(queries.next_steps_due_by(TODAY, owner=self.bob)) == []


class FollowUpEvidenceTestCase(ContactsTestCase):
    def test_it_counts_follow_ups_done_on_time_for_trait_6(self) -> None:
        # Last month: every date below is in the past whatever day TODAY is (on the 1st,
        # a due date this month would still be ahead and "done" on it refused).
        start = add_months(TODAY.replace(day=1), -1)
        due = start + dt.timedelta(days=2)
        self.log(day=start, next_step="On time", next_step_due=due, next_step_done_on=due)
        self.log(
            day=start,
            next_step="Late",
            next_step_due=due,
            next_step_done_on=due + dt.timedelta(days=3),
        )
        self.log(day=start, next_step="Forgotten", next_step_due=due)
        assessment = coaching_actions.start_assessment(
            actor=self.alice,
            salesperson=self.alice_sp,
            period_start=start,
            period_end=start + dt.timedelta(days=89),
        )
        found = {e.code: e for e in gathering.gather_evidence(assessment, today=TODAY)}
        item = found["follow_ups"]
        assert item.trait == 6
        assert dict(item.values) == {
            "due": 3,
            "on_time": 1,
            "late": 1,
            "overdue": 1,
            "percent": 33,
        }
        assert "1 done on time (33%)" in gathering.describe(item)
