"""Pages of the team overview, the audit, the board's history and suggestions panel (M1, M8,
M11). The board itself, whose cards also show key people and plans, is `pages.board`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.lib.charts import share_bars
from firstchoice.lib.dates import month_start
from firstchoice.lib.http import (
    InvalidParameter,
    answers_bad_parameters,
    as_of_for_year,
    is_htmx,
    parse_as_of,
    parse_year,
    today,
)
from firstchoice.portfolio import actions, queries
from firstchoice.portfolio import suggestions as tier_suggestions
from firstchoice.portfolio.audit import DRILLS, audit_scope, run_audit
from firstchoice.portfolio.forms import MOVABLE_TIERS
from firstchoice.portfolio.models import Portfolio, TierChange
from firstchoice.portfolio.scoping import customer_for_user
from firstchoice.teams.http import user_of
from firstchoice.teams.pagecache import cached_page
from firstchoice.teams.queries import (
    can_edit_salesperson,
    managed_teams,
    own_salesperson,
    salesperson_for_user,
    team_for_user,
    visible_teams,
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
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


@login_required
@require_GET
@answers_bad_parameters
def suggestions(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    """The board's suggestions panel (htmx loads it when the panel is opened)."""
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(
        request,
        # Without htmx (no JavaScript) the panel comes as a page of its own.
        "portfolio/_suggestions.html" if is_htmx(request) else "portfolio/suggestions.html",
        {
            "suggestions": tier_suggestions.suggestions(salesperson, year, as_of),
            "can_edit": can_edit_salesperson(user, salesperson),
        },
    )


def _ignore_change(request: HttpRequest, handle: str, year: int, *, ignore: bool) -> HttpResponse:
    """Ignore an account in the suggestions, or undo that; the panel comes back (htmx), or
    the standalone panel page (a plain POST)."""
    user = user_of(request)
    salesperson = salesperson_for_user(user, handle, write=True)
    customer = customer_for_user(user, request.POST.get("customer", "")[:64])
    run = actions.ignore_suggestion if ignore else actions.undo_ignore
    run(actor=user, salesperson=salesperson, customer=customer)
    if not is_htmx(request):
        return redirect("board-suggestions", handle=salesperson.handle, year=year)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(
        request,
        "portfolio/_suggestions.html",
        {
            "suggestions": tier_suggestions.suggestions(salesperson, year, as_of),
            "can_edit": can_edit_salesperson(user, salesperson),
        },
    )


@login_required
@require_POST
@answers_bad_parameters
def suggestion_ignore(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    return _ignore_change(request, handle, year, ignore=True)


@login_required
@require_POST
@answers_bad_parameters
def suggestion_unignore(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    return _ignore_change(request, handle, year, ignore=False)


@login_required
@require_GET
def history(request: HttpRequest, handle: str, year: int) -> HttpResponse:
    salesperson = salesperson_for_user(user_of(request), handle)
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
    team = managed_teams(user_of(request)).first() or visible_teams(user_of(request)).first()
    if team is None:
        return redirect("home")
    return redirect("team", slug=team.slug, year=today().year)


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def team(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    user = user_of(request)
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
@cached_page
def audit(request: HttpRequest) -> HttpResponse:
    """The top-customer audit (M8) of every list the user may see, a team's, or one person's."""
    user = user_of(request)
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
