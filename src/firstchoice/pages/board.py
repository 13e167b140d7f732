"""The board page (M1): the 5+5+5 columns whose cards carry the account's key-people flags
(M5) and the year's plan status (M6) beside portfolio's own figures and research, and the
changes made on it (add, move, remove, carry over), which answer with the board again.

It sits above portfolio, people and plans because its cards show all three; the board
without those flags (the API's, the team overview's) is `portfolio.queries.board`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from firstchoice.contacts.queries import last_contact_by_customer, overdue_people_by_customer
from firstchoice.customers.models import Customer
from firstchoice.lib.forms import render_refused
from firstchoice.lib.http import answers_bad_parameters, as_of_for_year, is_htmx, parse_as_of
from firstchoice.lib.templatetags.fc import join_names
from firstchoice.people.queries import people_flags
from firstchoice.people.rules import PeopleFlags
from firstchoice.plans.queries import PlanStatus, addressed_people, plan_status
from firstchoice.portfolio import actions
from firstchoice.portfolio import queries as portfolio_queries
from firstchoice.portfolio.forms import (
    MOVABLE_TIERS,
    AddEntryForm,
    MoveEntryForm,
    RemoveEntryForm,
)
from firstchoice.portfolio.models import Portfolio, RemovalReason
from firstchoice.teams.http import user_of
from firstchoice.teams.models import CompanySettings, Salesperson, User
from firstchoice.teams.pagecache import cached_page
from firstchoice.teams.queries import can_edit_salesperson, salesperson_for_user


@dataclass
class BoardCard(portfolio_queries.Card):
    """A board card with the account's key people (M5) and the year's plan (M6)."""

    people: PeopleFlags | None = None
    plan: PlanStatus | None = None
    last_contact: dt.date | None = None  # the account's latest logged contact
    people_not_contacted: int = 0  # key people past their level's contact interval


def board_with_people_and_plans(
    salesperson: Salesperson, year: int, as_of: dt.date, *, history: int = 8
) -> portfolio_queries.Board:
    """The board of one salesperson, each card with its key-people flags and plan status
    and contact freshness (ten queries more than the plain board, whatever the number of
    cards)."""
    company = CompanySettings.load()
    found = portfolio_queries.board(salesperson, year, as_of, history=history, company=company)
    customer_ids = found.customer_ids
    if not customer_ids:
        return found
    people = people_flags(
        customer_ids,
        today=timezone.localdate(),
        addressed=addressed_people(customer_ids, year),
        stale_days=company.org_chart_stale_days,
    )
    plans = plan_status(salesperson, year, as_of=as_of)
    last_contacts = last_contact_by_customer(customer_ids)
    cold = overdue_people_by_customer(
        customer_ids, today=timezone.localdate(), days_by_level=company.contact_days()
    )
    shared = [f.name for f in fields(portfolio_queries.Card)]
    for column in found.columns:
        column.cards = [
            BoardCard(
                **{name: getattr(card, name) for name in shared},
                people=people.get(card.entry.customer_id),
                plan=plans.get(card.entry.customer_id),
                last_contact=last_contacts.get(card.entry.customer_id),
                people_not_contacted=cold.get(card.entry.customer_id, 0),
            )
            for card in column.cards
        ]
    return found


@dataclass(frozen=True)
class CardBoard:
    """What a card shows of its board (its links): the cached card is keyed by it, not by
    the whole board (see lib.caching)."""

    salesperson: SimpleNamespace
    year: int


def _board_context(
    request: HttpRequest, salesperson: Salesperson, year: int, **extra: Any
) -> dict[str, Any]:
    user = user_of(request)
    as_of = extra.pop("as_of", None) or as_of_for_year(year)
    return {
        "board": board_with_people_and_plans(salesperson, year, as_of),
        "card_board": CardBoard(SimpleNamespace(handle=salesperson.handle), year),
        "can_edit": can_edit_salesperson(user, salesperson),
        # Added from the suggestions panel: keep it open after the board is swapped.
        "suggestions_open": request.POST.get("from_suggestions") == "1",
        "tiers": MOVABLE_TIERS,
        "removal_reasons": RemovalReason.choices,
        "add_form": extra.pop("add_form", None) or AddEntryForm(user=user),
        "years": [year - 1, year, year + 1],
        **extra,
    }


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def board(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    salesperson = salesperson_for_user(user_of(request), handle)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(
        request, "portfolio/board.html", _board_context(request, salesperson, year, as_of=as_of)
    )


LABELS = {
    "tier": gettext_lazy("Tier"),
    "reason": gettext_lazy("Reason"),
    "customer": gettext_lazy("Customer"),
    "year": gettext_lazy("Year"),
    "removal_reason": gettext_lazy("Why"),
}


def _render_board_change(
    request: HttpRequest,
    salesperson: Salesperson,
    year: int,
    *,
    refused: Form | ValidationError | None = None,
    add_form: AddEntryForm | None = None,
) -> HttpResponse:
    """After a change: htmx swaps the board fragment; a plain POST redirects (PRG). A refused
    change comes back with its form open on the card or slot where it was made, as typed,
    each message beside its field (`lib.forms.render_refused`)."""
    template = "portfolio/_board.html" if is_htmx(request) else "portfolio/board.html"
    if refused is not None:
        context = _board_context(request, salesperson, year, add_form=add_form)
        labels = None if isinstance(refused, Form) else LABELS
        return render_refused(request, template, context, source=refused, labels=labels)
    if is_htmx(request):
        return render(request, template, _board_context(request, salesperson, year))
    return redirect("board", handle=salesperson.handle, year=year)


@login_required
@require_POST
def add(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    form = AddEntryForm(request.POST, user=user)
    if not form.is_valid():
        return _render_board_change(request, salesperson, year, refused=form, add_form=form)
    try:
        result = actions.add_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=form.cleaned_data["customer"],
            tier=form.cleaned_data["tier"],
            reason=form.cleaned_data["reason"],
            **form.reason_kwargs(),
        )
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, refused=exc, add_form=form)
    messages.success(
        request,
        _("%(customer)s added to tier %(tier)s.")
        % {"customer": result.change.customer.name, "tier": result.change.to_tier},
    )
    if result.also_listed_by:
        messages.warning(
            request,
            _("Also listed by %(names)s this year.") % {"names": join_names(result.also_listed_by)},
        )
    return _render_board_change(request, salesperson, year)


def _portfolio_customer(salesperson: Salesperson, year: int, code: str) -> Customer | None:
    """The customer of an entry on this board (codes from the client resolve here only)."""
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    if portfolio is None:
        return None
    entry = portfolio.entries.select_related("customer").filter(customer__code=code).first()
    return entry.customer if entry else None


def _change_entry(
    request: HttpRequest,
    handle: str,
    year: int,
    form_class: type[Form],
    run: Callable[[User, Salesperson, Customer, dict[str, Any]], str],
) -> HttpResponse:
    """A change to an entry already on the board: validate the form, find the entry's
    customer on this board only, run the action, say what happened in the place it happened."""
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_board_change(request, salesperson, year, refused=form)
    customer = _portfolio_customer(salesperson, year, form.cleaned_data["customer"])
    if customer is None:
        not_here = ValidationError({"customer": _("Not on this board.")})
        return _render_board_change(request, salesperson, year, refused=not_here)
    try:
        message = run(user, salesperson, customer, form.cleaned_data)
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, refused=exc)
    messages.success(request, message)
    return _render_board_change(request, salesperson, year)


@login_required
@require_POST
def move(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    def run(user: User, salesperson: Salesperson, customer: Customer, data: dict[str, Any]) -> str:
        result = actions.move_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=customer,
            to_tier=data["tier"],
            reason=data["reason"],
        )
        return _("%(customer)s moved from tier %(from)s to tier %(to)s.") % {
            "customer": customer.name,
            "from": result.change.from_tier,
            "to": result.change.to_tier,
        }

    return _change_entry(request, handle, year, MoveEntryForm, run)


@login_required
@require_POST
def remove(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    def run(user: User, salesperson: Salesperson, customer: Customer, data: dict[str, Any]) -> str:
        actions.remove_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=customer,
            reason=data["reason"],
            removal_reason=data["removal_reason"],
        )
        return _("%(customer)s removed from the portfolio.") % {"customer": customer.name}

    return _change_entry(request, handle, year, RemoveEntryForm, run)


@login_required
@require_POST
def carry_over(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    try:
        results = actions.carry_over(
            actor=user, salesperson=salesperson, from_year=year - 1, to_year=year
        )
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, refused=exc)
    messages.success(
        request,
        _("%(n)d accounts carried over from %(year)d.") % {"n": len(results), "year": year - 1},
    )
    return _render_board_change(request, salesperson, year)
