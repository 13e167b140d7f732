"""Pages of the monthly review (M7): the 15-account chart with the salesperson's statement,
the team's monthly meeting (with a full-screen presentation) and its exports.

Edits are htmx POSTs answered with the same fragment the page includes; without JavaScript
they redirect back. User mistakes answer 422 with the fragment showing field messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.lib import builds
from firstchoice.lib.dates import add_months, month_start
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import error_dict
from firstchoice.lib.http import digits, is_htmx, today
from firstchoice.reviews import actions, exports, queries
from firstchoice.reviews.charts import drawings
from firstchoice.reviews.forms import NoteForm, StatementForm
from firstchoice.reviews.models import Meeting, MeetingNote
from firstchoice.teams.http import user_of
from firstchoice.teams.pagecache import cached_download, cached_page
from firstchoice.teams.queries import managed_teams, own_salesperson, visible_teams


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The review of this month: one's own chart, else the first team one runs or sees."""
    user = user_of(request)
    month = month_start(today())
    mine = own_salesperson(user)
    if mine is not None and mine.team_id:
        return redirect("review", handle=mine.handle, month=month)
    team = managed_teams(user).first() or visible_teams(user).first()
    if team is None:
        raise Http404("No team to review")
    return redirect("meeting", slug=team.slug, month=month)


def _month_nav(url_name: str, key: str, month: dt.date) -> dict[str, Any]:
    """Links to the twelve months of `month`'s year and to the months either side."""

    def url(m: dt.date) -> str:
        return reverse(url_name, args=[key, m])

    return {
        "current": month,
        "prev": url(add_months(month, -1)),
        "next": url(add_months(month, 1)),
        "months": [(m, url(m)) for m in (dt.date(month.year, n, 1) for n in range(1, 13))],
    }


# --- the 15-account chart and the statement -----------------------------------------------


def _statement_context(
    chart: queries.ReviewChart,
    *,
    form: StatementForm | None = None,
    errors: dict[str, list[str]] | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    statement = chart.statement
    if form is None and chart.can_write_statement:
        initial: dict[str, Any] = {"version": statement.version if statement else 0}
        if statement:
            initial |= {
                "progress": statement.progress,
                "difficulties": statement.difficulties,
                "help_needed": statement.help_needed,
            }
        form = StatementForm(initial=initial)
    return {
        "chart": chart,
        "statement": statement,
        "statement_form": form,
        "statement_errors": errors,
        "statement_history": queries.statement_history(chart.salesperson, chart.month),
        "saved": saved,
    }


@login_required
@require_GET
@cached_page
def chart(request: HttpRequest, handle: str, month: dt.date) -> HttpResponse:
    user = user_of(request)
    review = queries.chart_for_user(user, handle, month)
    team = review.salesperson.team
    context = {
        **_statement_context(review),
        "drawings": drawings(review),
        "team": team,
        "meeting": Meeting.objects.filter(team=team, month=month).first() if team else None,
        "nav": _month_nav("review", review.salesperson.handle, month),
    }
    return render(request, "reviews/chart.html", context)


@login_required
@require_POST
def statement(request: HttpRequest, handle: str, month: dt.date) -> HttpResponse:
    user = user_of(request)
    salesperson = queries.statement_owner_for_user(user, handle)
    form = StatementForm(request.POST)
    errors: dict[str, list[str]] | None = None
    if form.is_valid():
        try:
            actions.save_statement(
                actor=user, salesperson=salesperson, month=month, **form.cleaned_data
            )
        except (ValidationError, StaleEdit) as exc:
            errors = error_dict(exc)
    else:
        errors = error_dict(form)
    if not errors and not is_htmx(request):
        return redirect("review", handle=salesperson.handle, month=month)
    review = queries.chart_for_user(user, handle, month)
    context = _statement_context(review, form=form if errors else None, errors=errors)
    context["saved"] = not errors
    return render(request, "reviews/_statement.html", context, status=422 if errors else 200)


# --- the monthly meeting ---------------------------------------------------------------------


def _note_form(note: MeetingNote | None) -> NoteForm:
    initial: dict[str, Any] = {"version": note.version if note else 0}
    if note:
        initial |= {
            name: getattr(note, name) for name in ("difficulties", "ideas", "decisions", "kudos")
        }
    return NoteForm(initial=initial)


def _meeting_context(request: HttpRequest, slug: str, month: dt.date) -> dict[str, Any]:
    user = user_of(request)
    team = queries.meeting_team_for_user(user, slug)
    view = queries.meeting_view(team, month, user=user)
    sections = [
        {
            "chart": c,
            "drawings": drawings(c),
            "note": view.note_for(c.salesperson),
            "note_form": _note_form(view.note_for(c.salesperson)) if view.can_run else None,
        }
        for c in view.charts
    ]
    return {
        "view": view,
        "team": team,
        "month": month,
        "sections": sections,
        "nav": _month_nav("meeting", team.slug, month),
    }


@login_required
@require_GET
@cached_page
def meeting(request: HttpRequest, slug: str, month: dt.date) -> HttpResponse:
    return render(request, "reviews/meeting.html", _meeting_context(request, slug, month))


@login_required
@require_POST
def open_meeting(request: HttpRequest, slug: str, month: dt.date) -> HttpResponse:
    user = user_of(request)
    team = queries.meeting_team_for_user(user, slug, write=True)
    actions.open_meeting(actor=user, team=team, month=month)
    return redirect("meeting", slug=team.slug, month=month)


@login_required
@require_GET
def present(request: HttpRequest, slug: str, month: dt.date) -> HttpResponse:
    """One screen at a time for the meeting-room display: the team summary, then each
    salesperson's chart, statement and notes. Arrow keys follow the prev/next links."""
    context = _meeting_context(request, slug, month)
    raw = request.GET.get("p", "0")
    step = digits(raw) or 0
    count = len(context["sections"])
    step = min(step, count)
    base = reverse("meeting-present", kwargs={"slug": slug, "month": month})
    context |= {
        "step": step,
        "steps": count,
        "section": context["sections"][step - 1] if step else None,
        "prev_url": f"{base}?p={step - 1}" if step > 0 else None,
        "next_url": f"{base}?p={step + 1}" if step < count else None,
    }
    return render(request, "reviews/present.html", context)


@login_required
@require_POST
def note(request: HttpRequest, slug: str, month: dt.date, handle: str) -> HttpResponse:
    user = user_of(request)
    team = queries.meeting_team_for_user(user, slug, write=True)
    salesperson = queries.team_member(team, handle)
    found = Meeting.objects.filter(team=team, month=month).first()
    form = NoteForm(request.POST)
    errors: dict[str, list[str]] | None = None
    saved: MeetingNote | None = None
    if found is None:
        errors = {"__all__": [_("Open the meeting first: notes belong to a meeting.")]}
    elif form.is_valid():
        try:
            saved = actions.save_note(
                actor=user, meeting=found, salesperson=salesperson, **form.cleaned_data
            )
        except (ValidationError, StaleEdit) as exc:
            errors = error_dict(exc)
    else:
        errors = error_dict(form)
    if not errors and not is_htmx(request):
        return redirect(reverse("meeting", kwargs={"slug": slug, "month": month}) + f"#{handle}")
    if saved is None and found is not None:
        saved = MeetingNote.objects.filter(meeting=found, salesperson=salesperson).first()
    context = {
        "team": team,
        "month": month,
        "salesperson": salesperson,
        "note": saved,
        "note_form": form if errors else _note_form(saved),
        "note_errors": errors,
        "view": {"meeting": found, "can_run": True},
        "saved": not errors,
    }
    return render(request, "reviews/_note.html", context, status=422 if errors else 200)


# --- exports ---------------------------------------------------------------------------------


def _language(request: HttpRequest) -> str:
    raw = request.GET.get("lang", "")
    return raw if raw in exports.LANGUAGES else get_language() or "en"


@login_required
@require_GET
def pack_pdf(request: HttpRequest, slug: str, month: dt.date) -> HttpResponseBase:
    """The meeting pack as PDF, built once per content by a background job (lib.builds):
    ready → the file; otherwise a page that says it is being prepared and polls (htmx,
    `?key=`, which only reads the state) until it offers the download."""
    team = queries.meeting_team_for_user(user_of(request), slug)
    language = _language(request)
    download = reverse("meeting-pdf", kwargs={"slug": team.slug, "month": month})
    download += f"?lang={language}"
    polled = builds.find(request.GET.get("key", ""))
    if polled is not None:
        build = polled
    else:
        html = exports.meeting_html(team, month, language=language)
        build = builds.request_pdf(html, again=request.GET.get("again") == "1")
        if build.ready:
            return FileResponse(
                open(build.path, "rb"),
                as_attachment=True,
                filename=exports.filename(team, month, "pdf"),
                content_type="application/pdf",
            )
    context = {
        "team": team,
        "month": month,
        "build": build,
        "failed": build.failed,
        "download_url": download,
        "poll_url": f"{download}&key={build.key}",
        "language": language,
    }
    partial = polled is not None and is_htmx(request)
    return render(request, "reviews/_pack_status.html" if partial else "reviews/pack.html", context)


@login_required
@require_GET
@cached_download(exports.XLSX_TYPE)
def pack_xlsx(request: HttpRequest, slug: str, month: dt.date) -> HttpResponse:
    team = queries.meeting_team_for_user(user_of(request), slug)
    content = exports.meeting_xlsx(team, month, language=_language(request))
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(team, month, "xlsx")}"'
    )
    return response
