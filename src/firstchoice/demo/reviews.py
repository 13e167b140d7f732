"""Demo monthly reviews (M7) for team East: statements for the last two months (one
salesperson has not written last month's yet) and the meeting of two months ago with its
notes, so there is a past meeting to read and last month's meeting to run. Written through
the review actions; deterministic."""

from __future__ import annotations

import datetime as dt

from firstchoice.lib.dates import add_months
from firstchoice.reviews import actions
from firstchoice.teams.models import Salesperson, Team, User

STATEMENTS = [
    (
        "Two tier A accounts ordered above plan; the trial at a tier C prospect is running. "
        "两家A类客户超计划下单。",
        "Pricing pressure from a local competitor at one B account. 竞争对手压价。",
        "A joint visit with the product manager to the C prospect.",
    ),
    (
        "Mapped the purchasing department of a tier B account; found a coach. 找到了内线。",
        "Deliveries were late twice; the customer is unhappy. 交货延迟两次。",
        "Logistics to commit to a delivery window.",
    ),
    (
        "Quarterly business review held with the largest account.",
        "One account's new plant manager does not know us yet.",
        "An introduction by our general manager.",
    ),
    (
        "Won a first order from a tier C account. 首单成交！",
        "Hard to get time with engineering at two accounts.",
        "",
    ),
]
NOTES = [
    (
        "Competitor undercuts on price at one B account.",
        "Sell the cost of downtime, not the unit price. 讲停线成本，而不是单价。",
        "Manager joins the next visit to the B account.",
        "Two A accounts above plan — well done! 干得好！",
    ),
    (
        "Late deliveries put an account at risk.",
        "Ask logistics for a weekly delivery report to the customer.",
        "Escalate to the operations director this week.",
        "Found a coach at a hard account.",
    ),
    (
        "New plant manager at the largest account.",
        "Invite the plant manager to our factory open day.",
        "",
        "Excellent business review with the largest account.",
    ),
    (
        "",
        "Share the first-order story at the next meeting.",
        "Move the won account from tier C to B next month.",
        "First order from a tier C account! 首单！",
    ),
]


def load(*, today: dt.date) -> int:
    """Write the demo reviews; returns the number of statements and notes written."""
    team = Team.objects.filter(slug="east").first()
    manager = User.objects.filter(username="manager1").first()
    if team is None or manager is None:
        return 0
    people = list(Salesperson.objects.filter(team=team).select_related("user").order_by("code"))
    last_month = add_months(today.replace(day=1), -1)
    past_month = add_months(last_month, -1)
    written = 0
    for month, writers in ((past_month, people), (last_month, people[:-1])):
        for index, person in enumerate(writers):
            if person.user is None:
                continue
            progress, difficulties, help_needed = STATEMENTS[index % len(STATEMENTS)]
            actions.save_statement(
                actor=person.user,
                salesperson=person,
                month=month,
                progress=progress,
                difficulties=difficulties,
                help_needed=help_needed,
            )
            written += 1
    meeting = actions.open_meeting(actor=manager, team=team, month=past_month)
    for index, person in enumerate(people):
        difficulties, ideas, decisions, kudos = NOTES[index % len(NOTES)]
        actions.save_note(
            actor=manager,
            meeting=meeting,
            salesperson=person,
            difficulties=difficulties,
            ideas=ideas,
            decisions=decisions,
            kudos=kudos,
        )
        written += 1
    return written
