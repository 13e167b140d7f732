"""Pages of coaching (M10): a salesperson's assessments, one assessment, the team heatmap."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from firstchoice.coaching import actions, queries, rules
from firstchoice.coaching.forms import (
    ActivityForm,
    CommentForm,
    GoalForm,
    RatingsForm,
    StartForm,
    StatusForm,
)
from firstchoice.coaching.models import ANCHORS, Assessment, LearningActivity, Status
from firstchoice.lib import builds
from firstchoice.lib.forms import labelled_errors, render_refused
from firstchoice.lib.http import is_htmx, today
from firstchoice.lib.pdf import pdf_response, render_html
from firstchoice.teams.http import user_of
from firstchoice.teams.queries import managed_teams, own_salesperson

FIELD_LABELS = {
    "period_start": gettext_lazy("Period start"),
    "period_end": gettext_lazy("Period end"),
    "assessment": gettext_lazy("Assessment"),
    "coach_score": gettext_lazy("Coach rating"),
    "behaviour": gettext_lazy("Behaviour"),
    "text": gettext_lazy("Comment"),
    "goal": gettext_lazy("Goal"),
    "trait": gettext_lazy("Trait"),
    "due": gettext_lazy("Due"),
    "kind": gettext_lazy("Activity"),
    "description": gettext_lazy("Description"),
    "planned_on": gettext_lazy("Date"),
    "status": gettext_lazy("Status"),
}


def _label(name: str) -> str | None:
    if name.startswith(("score_", "note_")):
        return str(_("Rating") if name.startswith("score_") else _("Notes"))
    found = FIELD_LABELS.get(name)
    return None if found is None else str(found)


def _errors(source: Form | ValidationError) -> list[str]:
    """Field-named messages, e.g. 'Goal: This field is required.'"""
    return labelled_errors(source, labels=_label)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My own coaching if I am a salesperson, else the heatmap of the first team I coach."""
    user = user_of(request)
    mine = own_salesperson(user)
    if mine is not None:
        return redirect("coaching-person", handle=mine.handle)
    team = managed_teams(user).first()
    if team is not None:
        return redirect("coaching-team", slug=team.slug)
    raise Http404("Nobody to coach")


# --- A salesperson's coaching: periods, trend, learning plan ------------------------------


def _person_context(request: HttpRequest, coachee: queries.Coachee, **extra: Any) -> dict[str, Any]:
    view = queries.overview(coachee)
    return {
        "view": view,
        "coachee": coachee,
        "salesperson": coachee.salesperson,
        "trend_svg": queries.trend_svg(view) if view.periods else "",
        "start_form": extra.pop("start_form", None) or StartForm.for_quarter(_next_free(view)),
        "goal_form": extra.pop("goal_form", None) or GoalForm(traits=view.traits),
        "activity_form": ActivityForm(),
        "statuses": Status.choices,
        **extra,
    }


def _next_free(view: queries.Overview) -> dt.date:
    """A day of the first quarter from today on that has no assessment yet (the default)."""
    quarter = rules.quarter_of(today())
    taken = [(p.assessment.period_start, p.assessment.period_end) for p in view.periods]
    while any(start <= quarter.end and end >= quarter.start for start, end in taken):
        quarter = rules.quarter_of(quarter.end + dt.timedelta(days=1))
    return quarter.start


@login_required
@require_GET
def person(request: HttpRequest, handle: str) -> HttpResponse:
    coachee = queries.coachee_for_user(user_of(request), handle)
    return render(request, "coaching/person.html", _person_context(request, coachee))


def _writer(request: HttpRequest, handle: str) -> queries.Coachee:
    coachee = queries.coachee_for_user(user_of(request), handle)
    if not coachee.can_write:
        raise PermissionDenied(_("Read-only: only the salesperson and their coach may change it."))
    return coachee


@login_required
@require_POST
def start(request: HttpRequest, handle: str) -> HttpResponse:
    coachee = _writer(request, handle)
    form = StartForm(request.POST)
    refused: Form | ValidationError | None = None
    if not form.is_valid():
        refused = form
    else:
        try:
            assessment = actions.start_assessment(
                actor=user_of(request),
                salesperson=coachee.salesperson,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationError as exc:
            refused = exc
    if refused is not None:
        context = _person_context(request, coachee, start_form=form)
        return render_refused(
            request,
            "coaching/person.html",
            context,
            source=refused,
            labels=_label,
            errors_key="start_errors",
        )
    messages.success(
        request, _("Assessment %(period)s started.") % {"period": assessment.period_label}
    )
    return redirect("coaching-assessment", handle=coachee.salesperson.handle, pk=assessment.pk)


def _render_plan(
    request: HttpRequest,
    coachee: queries.Coachee,
    *,
    refused: Form | ValidationError | None = None,
    **extra: Any,
) -> HttpResponse:
    """The learning plan again; a refused change with its form open where it was sent, as
    typed, each message beside its field (`lib.forms.render_refused`)."""
    template = "coaching/_plan.html" if is_htmx(request) else "coaching/person.html"
    if refused is not None:
        context = _person_context(request, coachee, **extra)
        return render_refused(
            request, template, context, source=refused, labels=_label, errors_key="plan_errors"
        )
    if is_htmx(request):
        return render(request, template, _person_context(request, coachee, **extra))
    return redirect(reverse("coaching-person", args=[coachee.salesperson.handle]) + "#plan")


@login_required
@require_POST
def add_goal(request: HttpRequest, handle: str) -> HttpResponse:
    coachee = _writer(request, handle)
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, coachee, refused=form, goal_form=form)
    try:
        actions.add_goal(
            actor=user_of(request),
            salesperson=coachee.salesperson,
            trait=form.cleaned_data["trait"],
            goal=form.cleaned_data["goal"],
            due=form.cleaned_data["due"],
        )
    except ValidationError as exc:
        return _render_plan(request, coachee, refused=exc, goal_form=form)
    return _render_plan(request, coachee)


@login_required
@require_POST
def add_activity(request: HttpRequest, handle: str, goal_id: int) -> HttpResponse:
    coachee = _writer(request, handle)
    goal = queries.goal_for(coachee.salesperson, goal_id)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, coachee, refused=form)
    try:
        actions.add_activity(
            actor=user_of(request),
            goal=goal,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            planned_on=form.cleaned_data["planned_on"],
        )
    except ValidationError as exc:
        return _render_plan(request, coachee, refused=exc)
    return _render_plan(request, coachee)


@login_required
@require_POST
def goal_status(request: HttpRequest, handle: str, goal_id: int) -> HttpResponse:
    coachee = _writer(request, handle)
    goal = queries.goal_for(coachee.salesperson, goal_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, coachee, refused=form)
    actions.set_goal_status(actor=user_of(request), goal=goal, status=form.cleaned_data["status"])
    return _render_plan(request, coachee)


@login_required
@require_POST
def activity_status(request: HttpRequest, handle: str, activity_id: int) -> HttpResponse:
    coachee = _writer(request, handle)
    activity: LearningActivity = queries.activity_for(coachee.salesperson, activity_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, coachee, refused=form)
    actions.set_activity_status(
        actor=user_of(request), activity=activity, status=form.cleaned_data["status"]
    )
    return _render_plan(request, coachee)


# --- One assessment -------------------------------------------------------------------


def _sheet_context(
    request: HttpRequest,
    assessment: Assessment,
    coachee: queries.Coachee,
    *,
    posted: RatingsForm | None = None,
    **extra: Any,
) -> dict[str, Any]:
    sheet = queries.sheet(assessment, today=today())
    editable = coachee.can_write and not assessment.is_closed
    side = coachee.role if editable else None
    # What the editable side's inputs show: the submitted values after an error, else saved.
    for trait in sheet.traits:
        for row in trait.rows:
            rating = row.rating
            saved = (
                (rating.self_score, rating.evidence)
                if side == rules.SELF
                else (rating.coach_score, rating.coach_note)
            )
            if posted is not None:
                pk = row.behaviour.pk
                row.score_value = posted.data.get(f"score_{pk}", "")
                row.note_value = posted.data.get(f"note_{pk}", "")
            else:
                row.score_value = str(saved[0] or "")
                row.note_value = saved[1]
    return {
        "sheet": sheet,
        "assessment": assessment,
        "salesperson": assessment.salesperson,
        "coachee": coachee,
        "side": side,
        "radar_svg": queries.radar_svg(sheet),
        "scores": rules.SCORES,
        "anchors": [(s, str(a)) for s, a in _anchors()],
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        **extra,
    }


def _anchors() -> list[tuple[int, Any]]:
    return list(ANCHORS.items())


@login_required
@require_GET
def assessment(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    found, coachee = queries.assessment_for_user(user_of(request), handle, pk)
    return render(request, "coaching/assessment.html", _sheet_context(request, found, coachee))


def _render_sheet(
    request: HttpRequest,
    found: Assessment,
    coachee: queries.Coachee,
    *,
    refused: Form | ValidationError | None = None,
    posted: RatingsForm | None = None,
) -> HttpResponse:
    template = "coaching/_sheet.html" if is_htmx(request) else "coaching/assessment.html"
    context = _sheet_context(request, found, coachee, posted=posted)
    if refused is not None:
        # Each rating's message beside its row, all ratings as typed.
        return render_refused(request, template, context, source=refused, labels=_label)
    if is_htmx(request):
        return render(request, template, context)
    return redirect("coaching-assessment", handle=coachee.salesperson.handle, pk=found.pk)


@login_required
@require_POST
def rate(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found, coachee = queries.assessment_for_user(user, handle, pk)
    side = request.POST.get("side", "")
    ids = list(found.ratings.values_list("behaviour_id", flat=True))
    form = RatingsForm(request.POST, behaviour_ids=ids)
    if not form.is_valid():
        return _render_sheet(request, found, coachee, refused=form, posted=form)
    try:
        actions.rate(
            actor=user,
            assessment=found,
            side=side,
            ratings=[actions.RatingInput(b, s, n) for b, s, n in form.ratings()],
        )
    except ValidationError as exc:
        return _render_sheet(request, found, coachee, refused=exc, posted=form)
    messages.success(request, _("Ratings saved."))
    return _render_sheet(request, found, coachee)


@login_required
@require_POST
def comment(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found, coachee = queries.assessment_for_user(user, handle, pk)
    form = CommentForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            actions.add_comment(actor=user, assessment=found, text=form.cleaned_data["text"])
        except ValidationError as exc:
            errors = _errors(exc)
    else:
        errors = _errors(form)
    status = 422 if errors else 200
    if is_htmx(request) or errors:
        context = _sheet_context(
            request,
            found,
            coachee,
            comment_errors=errors,
            comment_form=form if errors else None,
        )
        template = "coaching/_comments.html" if is_htmx(request) else "coaching/assessment.html"
        return render(request, template, context, status=status)
    return redirect("coaching-assessment", handle=coachee.salesperson.handle, pk=found.pk)


@login_required
@require_POST
def close(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    user = user_of(request)
    found, coachee = queries.assessment_for_user(user, handle, pk)
    try:
        actions.close_assessment(actor=user, assessment=found)
    except ValidationError as exc:
        context = _sheet_context(request, found, coachee, errors=_errors(exc))
        return render(request, "coaching/assessment.html", context, status=422)
    messages.success(request, _("Assessment closed."))
    return redirect("coaching-assessment", handle=coachee.salesperson.handle, pk=found.pk)


PDF_LANGUAGES = {"en": "en", "zh-hans": "zh-hans"}


@login_required
@require_GET
def assessment_pdf(request: HttpRequest, handle: str, pk: int) -> HttpResponse:
    found, coachee = queries.assessment_for_user(user_of(request), handle, pk)
    language = PDF_LANGUAGES.get(request.GET.get("language", ""))
    with translation.override(language or translation.get_language()):
        # Built inside the override: trait names, evidence and chart labels follow it.
        context = _sheet_context(request, found, coachee)
        html = render_html(
            "coaching/assessment_pdf.html", context, request=request, language=language
        )
    content = builds.cached_pdf(html)  # made once per content
    name = f"assessment-{found.salesperson.handle}-{found.period_start:%Y-%m-%d}"
    return pdf_response(content, f"{name}-{language or 'en'}.pdf")


# --- The team heatmap -----------------------------------------------------------------


@login_required
@require_GET
def team(request: HttpRequest, slug: str) -> HttpResponse:
    """Salespeople × traits for the team's coach (teammates do not see each other's)."""
    found = managed_teams(user_of(request)).filter(slug=slug).first()
    if found is None:
        raise Http404("No such team")
    heatmap = queries.team_heatmap(found)
    return render(request, "coaching/team.html", {"heatmap": heatmap, "team": found})
