"""Pages of the 5+5+5 board, its history and the team overview (M1, M11)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from firstchoice.lib.charts import share_bars
from firstchoice.lib.dates import month_start
from firstchoice.lib.forms import labelled_errors
from firstchoice.lib.http import (
    InvalidParameter,
    answers_bad_parameters,
    as_of_for_year,
    is_htmx,
    parse_as_of,
    parse_year,
    today,
)
from firstchoice.lib.templatetags.fc import join_names
from firstchoice.portfolio import actions, queries
from firstchoice.portfolio.audit import DRILLS, audit_scope, run_audit
from firstchoice.portfolio.forms import AddEntryForm, MoveEntryForm, RemoveEntryForm
from firstchoice.portfolio.models import Portfolio, Tier, TierChange
from firstchoice.teams.models import Salesperson, User
from firstchoice.teams.queries import (
    can_edit_salesperson,
    managed_teams,
    own_salesperson,
    salesperson_for_user,
    team_for_user,
    visible_teams,
)

# The tiers a card can be moved to (an entry can leave "not tiered yet", never enter it).
MOVABLE_TIERS = {
    "choices": [(value, label) for value, label in Tier.choices if value != Tier.UNTIERED]
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = own_salesperson(user)
    if mine is not None:
        return redirect("board", handle=mine.handle, year=today().year)
    team = managed_teams(user).first() or visible_teams(user).first()
    if team is not None:
        return redirect("team", slug=team.slug, year=today().year)
    return redirect("customers")


@login_required
@require_GET
def my_board(request: HttpRequest) -> HttpResponse:
    return home(request)


def _board_context(
    request: HttpRequest, salesperson: Salesperson, year: int, **extra: Any
) -> dict[str, Any]:
    user = _user(request)
    as_of = extra.pop("as_of", None) or as_of_for_year(year)
    return {
        "board": queries.board(salesperson, year, as_of),
        "can_edit": can_edit_salesperson(user, salesperson),
        # Added from the suggestions panel: keep it open after the board is swapped.
        "suggestions_open": request.POST.get("from_suggestions") == "1",
        "tiers": MOVABLE_TIERS,
        "add_form": extra.pop("add_form", None) or AddEntryForm(user=user),
        "years": [year - 1, year, year + 1],
        **extra,
    }


@login_required
@require_GET
@answers_bad_parameters
def board(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    salesperson = salesperson_for_user(_user(request), handle)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(
        request, "portfolio/board.html", _board_context(request, salesperson, year, as_of=as_of)
    )


@login_required
@require_GET
@answers_bad_parameters
def suggestions(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    """The board's suggestions panel (htmx loads it when the panel is opened)."""
    user = _user(request)
    salesperson = salesperson_for_user(user, handle)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(
        request,
        # Without htmx (no JavaScript) the panel comes as a page of its own.
        "portfolio/_suggestions.html" if is_htmx(request) else "portfolio/suggestions.html",
        {
            "suggestions": queries.suggestions(salesperson, year, as_of),
            "can_edit": can_edit_salesperson(user, salesperson),
        },
    )


def _render_board_change(
    request: HttpRequest,
    salesperson: Salesperson,
    year: int,
    *,
    errors: list[str] | None = None,
    add_form: AddEntryForm | None = None,
) -> HttpResponse:
    """After a change: htmx swaps the board fragment; a plain POST redirects (PRG)."""
    status = 422 if errors else 200
    if is_htmx(request):
        context = _board_context(request, salesperson, year, errors=errors, add_form=add_form)
        return render(request, "portfolio/_board.html", context, status=status)
    if errors:
        context = _board_context(request, salesperson, year, errors=errors, add_form=add_form)
        return render(request, "portfolio/board.html", context, status=status)
    return redirect("board", handle=salesperson.handle, year=year)


LABELS = {
    "tier": gettext_lazy("Tier"),
    "reason": gettext_lazy("Reason"),
    "customer": gettext_lazy("Customer"),
    "year": gettext_lazy("Year"),
}


def _form_errors(source: Form | ValidationError) -> list[str]:
    """Field-named messages, e.g. 'Reason: This field is required.'"""
    return labelled_errors(source, labels=None if isinstance(source, Form) else LABELS)


@login_required
@require_POST
def add(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = _user(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    form = AddEntryForm(request.POST, user=user)
    if not form.is_valid():
        return _render_board_change(
            request, salesperson, year, errors=_form_errors(form), add_form=form
        )
    try:
        result = actions.add_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=form.cleaned_data["customer"],
            tier=form.cleaned_data["tier"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _render_board_change(
            request, salesperson, year, errors=_form_errors(exc), add_form=form
        )
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


def _portfolio_customer(salesperson: Salesperson, year: int, code: str) -> Any:
    """The customer of an entry on this board (codes from the client resolve here only)."""
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    if portfolio is None:
        return None
    entry = portfolio.entries.select_related("customer").filter(customer__code=code).first()
    return entry.customer if entry else None


@login_required
@require_POST
def move(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = _user(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    form = MoveEntryForm(request.POST)
    if not form.is_valid():
        return _render_board_change(request, salesperson, year, errors=_form_errors(form))
    customer = _portfolio_customer(salesperson, year, form.cleaned_data["customer"])
    if customer is None:
        return _render_board_change(
            request,
            salesperson,
            year,
            errors=_form_errors(ValidationError({"customer": _("Not on this board.")})),
        )
    try:
        result = actions.move_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=customer,
            to_tier=form.cleaned_data["tier"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, errors=_form_errors(exc))
    messages.success(
        request,
        _("%(customer)s moved from tier %(from)s to tier %(to)s.")
        % {"customer": customer.name, "from": result.change.from_tier, "to": result.change.to_tier},
    )
    return _render_board_change(request, salesperson, year)


@login_required
@require_POST
def remove(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = _user(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    form = RemoveEntryForm(request.POST)
    if not form.is_valid():
        return _render_board_change(request, salesperson, year, errors=_form_errors(form))
    customer = _portfolio_customer(salesperson, year, form.cleaned_data["customer"])
    if customer is None:
        return _render_board_change(
            request,
            salesperson,
            year,
            errors=_form_errors(ValidationError({"customer": _("Not on this board.")})),
        )
    try:
        actions.remove_entry(
            actor=user,
            salesperson=salesperson,
            year=year,
            customer=customer,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, errors=_form_errors(exc))
    messages.success(
        request, _("%(customer)s removed from the portfolio.") % {"customer": customer.name}
    )
    return _render_board_change(request, salesperson, year)


@login_required
@require_POST
def carry_over(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    user = _user(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    try:
        results = actions.carry_over(
            actor=user, salesperson=salesperson, from_year=year - 1, to_year=year
        )
    except ValidationError as exc:
        return _render_board_change(request, salesperson, year, errors=_form_errors(exc))
    messages.success(
        request,
        _("%(n)d accounts carried over from %(year)d.") % {"n": len(results), "year": year - 1},
    )
    return _render_board_change(request, salesperson, year)


@login_required
@require_GET
def history(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    salesperson = salesperson_for_user(_user(request), handle)
    portfolio = Portfolio.objects.filter(salesperson=salesperson, year=year).first()
    changes = queries.history(portfolio) if portfolio else TierChange.objects.none()
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/history.html",
        {"salesperson": salesperson, "year": year, "page": page},
    )


@login_required
@require_GET
def team_index(request: HttpRequest) -> HttpResponse:
    team = managed_teams(_user(request)).first() or visible_teams(_user(request)).first()
    if team is None:
        return redirect("home")
    return redirect("team", slug=team.slug, year=today().year)


@login_required
@require_GET
@answers_bad_parameters
def team(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    user = _user(request)
    the_team = team_for_user(user, slug)
    boards = queries.team_boards(the_team, year, parse_as_of(request, as_of_for_year(year)))
    return render(
        request,
        "portfolio/team.html",
        {
            "team": the_team,
            "year": year,
            "boards": boards,
            "years": [year - 1, year, year + 1],
            "tiers": MOVABLE_TIERS,
            "this_month": month_start(today()),
        },
    )


@login_required
@require_GET
@answers_bad_parameters
def audit(request: HttpRequest) -> HttpResponse:
    """The top-customer audit (M8) of every list the user may see, a team's, or one person's."""
    user = _user(request)
    year = parse_year(request, today().year)
    team = request.GET.get("team") or None
    who = request.GET.get("salesperson") or None
    result = run_audit(
        audit_scope(user, team=team, salesperson=who),
        year,
        as_of=parse_as_of(request, as_of_for_year(year)),
    )
    show = request.GET.get("show") or ""
    drill_for = request.GET.get("who") or None
    if show and show not in DRILLS:
        raise InvalidParameter("show", _("choose one of %(kinds)s") % {"kinds": ", ".join(DRILLS)})
    if drill_for and result.row_for(drill_for) is None:
        raise InvalidParameter("who", _("%(who)s has no list in this audit") % {"who": drill_for})
    rows = result.rows
    chart_rows = rows if len(rows) <= 40 else []
    return render(
        request,
        "portfolio/audit.html",
        {
            "audit": result,
            "year": year,
            "years": [year - 1, year, year + 1],
            "teams": visible_teams(user),
            "team": team,
            "salesperson": who,
            "show": show,
            "drill_for": drill_for,
            "drill": result.drill(show, drill_for) if show else None,
            "chart": share_bars(
                [row.salesperson.name for row in chart_rows] + [_("All listed")],
                {
                    _("Cash on delivery"): [r.tally.cod_share for r in chart_rows]
                    + [result.total.cod_share],
                    _("Failing the top-customer criteria"): [
                        r.tally.failing_share for r in chart_rows
                    ]
                    + [result.total.failing_share],
                },
            )
            if rows
            else "",
        },
    )
