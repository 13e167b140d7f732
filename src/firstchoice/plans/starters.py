"""What a new plan starts with, per tier (M6): A grows, B develops step by step, C wins.

Every starter objective is measurable (metric, target, date) and every starter action says
what, why (the objective it serves), how and when: the starter is an example of a real plan,
not a list of "visit monthly". The salesperson edits the numbers; the texts are translated
into the language of whoever starts the plan.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop as N_

from firstchoice.lib.money import CENT, ZERO


@dataclass(frozen=True)
class ObjectiveStarter:
    key: str
    title: str
    metric: str
    unit: str
    # Target = baseline × growth (sales, margin), or a fixed number for the others.
    growth: Decimal | None = None
    fixed_target: Decimal | None = None
    due_month: int = 12


@dataclass(frozen=True)
class ActionStarter:
    what: str
    how: str
    objective: str  # key of the ObjectiveStarter it serves
    due_month: int
    resources: str = ""


STARTERS: dict[str, tuple[list[ObjectiveStarter], list[ActionStarter]]] = {
    "A": (
        [
            ObjectiveStarter(
                "sales", N_("Grow sales by 15% over last year"), "sales", "", growth=Decimal("1.15")
            ),
            ObjectiveStarter(
                "margin",
                N_("Grow margin by 15% over last year"),
                "margin",
                "",
                growth=Decimal("1.15"),
            ),
            ObjectiveStarter(
                "share",
                N_("Raise our share of the target potential to 40%"),
                "share",
                "%",
                fixed_target=Decimal(40),
            ),
        ],
        [
            ActionStarter(
                N_("Present a value proposal for two new product lines to the decision maker"),
                N_("Cost-in-use comparison from their last 12 months of orders, shown in person."),
                "sales",
                3,
                N_("Application engineer, 1 day"),
            ),
            ActionStarter(
                N_("Agree a yearly supply agreement with volume tiers"),
                N_("Draft the agreement with our sales director; negotiate with purchasing."),
                "margin",
                6,
                N_("Sales director, 2 meetings"),
            ),
            ActionStarter(
                N_("Run a business review with the customer's management"),
                N_("Show results against their success criteria; agree next half-year's goals."),
                "share",
                9,
            ),
        ],
    ),
    "B": (
        [
            ObjectiveStarter(
                "sales", N_("Grow sales by 25% over last year"), "sales", "", growth=Decimal("1.25")
            ),
            ObjectiveStarter(
                "lines",
                N_("Product lines bought regularly"),
                "custom",
                N_("lines"),
                fixed_target=Decimal(3),
            ),
        ],
        [
            ActionStarter(
                N_("Step 1: map the buying process and who decides"),
                N_("Interview the buyer and the plant manager; complete the org chart."),
                "lines",
                2,
            ),
            ActionStarter(
                N_("Step 2: run a trial of a second product line"),
                N_("Offer a free trial quantity with our technician on site for the first run."),
                "lines",
                4,
                N_("Technician, 2 days; trial stock"),
            ),
            ActionStarter(
                N_("Step 3: get the trial line onto their approved list"),
                N_("Send the trial report to quality and purchasing; answer their questions."),
                "lines",
                6,
            ),
            ActionStarter(
                N_("Step 4: first regular orders of the new line"),
                N_("Agree a call-off schedule with the buyer."),
                "sales",
                9,
            ),
        ],
    ),
    "C": (
        [
            ObjectiveStarter(
                "first_order",
                N_("First order"),
                "custom",
                N_("orders"),
                fixed_target=Decimal(1),
                due_month=6,
            ),
            ObjectiveStarter(
                "sales", N_("Sales this year"), "sales", "", fixed_target=Decimal(50000)
            ),
        ],
        [
            ActionStarter(
                N_("Find the person who decides on this purchase"),
                N_("Ask our contacts in the industry; call the switchboard and purchasing."),
                "first_order",
                2,
            ),
            ActionStarter(
                N_("First meeting: learn their pains and how they judge a supplier"),
                N_("Prepare questions on their value chain; bring a reference case."),
                "first_order",
                3,
            ),
            ActionStarter(
                N_("Make an offer for a trial order"),
                N_("Price the trial to win; commit delivery dates we can keep."),
                "first_order",
                5,
                N_("Sales director approval of the trial price"),
            ),
        ],
    ),
}


def target_for(starter: ObjectiveStarter, baseline: Decimal | None) -> Decimal | None:
    if starter.growth is not None:
        if not baseline or baseline <= ZERO:
            return None  # no history to grow from: the owner must set a number (a check says so)
        return (baseline * starter.growth).quantize(CENT, rounding=ROUND_HALF_UP)
    return starter.fixed_target


def _texts() -> set[str]:
    found: set[str] = set()
    for objective_starters, action_starters in STARTERS.values():
        for o in objective_starters:
            found.update(t for t in (o.title, o.unit) if t)
        for a in action_starters:
            found.update(t for t in (a.what, a.how, a.resources) if t)
    return found


@functools.cache
def _msgids() -> dict[str, str]:
    """Every template text as any language writes it -> its source text (msgid)."""
    out: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for msgid in _texts():
                out[translation.gettext(msgid)] = msgid
    return out


def localized(text: str) -> str:
    """A template text in the reader's language. The plan stores the text in the language of
    whoever started it; while it is still the template's text (in any language) it reads in
    the reader's. Anything the salesperson wrote or changed shows as written."""
    msgid = _msgids().get(text)
    return translation.gettext(msgid) if msgid is not None else text
