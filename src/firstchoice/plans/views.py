"""Pages of the action master plan (M6).

Every change to a plan is a POST that htmx sends and that answers with the plan fragment
(`plans/_plan.html`), the same one the page includes; without JavaScript the POST
redirects back to the page. User mistakes answer 422 with messages naming the field; a
stale edit answers 422 too, showing the other person's change next to the editor's input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import render_refused
from firstchoice.lib.http import answers_bad_parameters, as_of_for_year, is_htmx, parse_as_of
from firstchoice.plans import forms, queries
from firstchoice.plans.actions import action_items, comments, contacts, objectives, plans
from firstchoice.plans.models import Action, ContactObjective, Objective, Plan
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.pagecache import cached_page


def _context(request: HttpRequest, ref: queries.PlanRef, **extra: Any) -> dict[str, Any]:
    user = user_of(request)
    as_of = extra.pop("as_of", None) or as_of_for_year(ref.year)
    view = queries.plan_view(ref.plan, as_of) if ref.plan else None
    return {
        "ref": ref,
        "view": view,
        "can_edit": ref.can_edit,
        "can_comment": bool(ref.plan) and comments.may_comment(user, ref.plan),  # type: ignore[arg-type]
        "user_id": user.pk,
        "start_choices": Plan.Start.choices,
        "has_last_year": Plan.objects.filter(
            salesperson=ref.salesperson, customer=ref.customer, year=ref.year - 1
        ).exists(),
        "metric_choices": Objective._meta.get_field("metric").choices,
        "status_choices": [c for c in Action.Status.choices if c[0] != "declined"],
        "months": range(1, 13),
        **extra,
    }


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def plan(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    ref = queries.plan_ref(user_of(request), handle, year, customer_code)
    as_of = parse_as_of(request, as_of_for_year(year))
    return render(request, "plans/plan.html", _context(request, ref, as_of=as_of))


def _respond(
    request: HttpRequest,
    ref: queries.PlanRef,
    *,
    refused: Form | ValidationError | None = None,
    form: Form | None = None,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    """The plan again: htmx swaps its fragment, a plain POST redirects (PRG). A refused
    write comes back with its form open where it was sent, as typed, each message beside
    its field; a stale edit shows both versions (`_conflict`)."""
    template = "plans/_plan.html" if is_htmx(request) else "plans/plan.html"
    if refused is not None:
        labels = form if form is not None else None
        return render_refused(
            request,
            template,
            _context(request, ref),
            source=refused,
            labels=(lambda name: _field_label(labels, name)) if labels is not None else None,
        )
    if conflict is not None:
        return render(request, template, _context(request, ref, conflict=conflict), status=422)
    if is_htmx(request):
        return render(request, template, _context(request, ref))
    return redirect(
        "plan", handle=ref.salesperson.handle, year=ref.year, customer_code=ref.customer.code
    )


def _field_label(form: Form, name: str) -> str | None:
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else None


def _shown(form: Form, name: str, values: list[str]) -> str:
    """Submitted values as the form shows them: choice labels, not ids."""
    labels = dict(getattr(form.fields[name], "choices", None) or [])
    return ", ".join(str(labels.get(v, v)) for v in values if v != "")


def _saved(current: Any, name: str) -> str:
    value = getattr(current, name)
    if hasattr(value, "all"):
        return ", ".join(str(v) for v in value.all())
    display = getattr(current, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _conflict(request: HttpRequest, exc: StaleEdit, form: Form) -> dict[str, Any]:
    """What the editor sees after a stale edit: the row as it is now, who changed it, and
    their own input kept in a form that resubmits it over the new version."""
    current = exc.current
    names = [n for n in form.fields if n != "version"]
    theirs = [(form.fields[n].label, _saved(current, n)) for n in names if hasattr(current, n)]
    yours = [
        (form.fields[n].label, _shown(form, n, request.POST.getlist(n)))
        for n in names
        if n in request.POST
    ]
    resubmit = [
        (name, value)
        for name in request.POST
        if name not in ("version", "csrfmiddlewaretoken")
        for value in request.POST.getlist(name)
    ]
    return {
        "changed_by": exc.changed_by,
        "changed_at": exc.changed_at,
        "theirs": theirs,
        "yours": yours,
        "resubmit": resubmit,
        "version": current.version,
        "action": request.path,
    }


def _write(
    request: HttpRequest,
    handle: str,
    year: int,
    code: str,
    make_form: Callable[[queries.PlanRef], Form | None],
    run: Callable[[queries.PlanRef, Any, User], str],
) -> HttpResponse:
    """Resolve the plan for writing, validate the form, run the action, answer."""
    user = user_of(request)
    ref = queries.plan_ref(user, handle, year, code, write=True)
    form = make_form(ref)
    if form is not None and not form.is_valid():
        return _respond(request, ref, refused=form, form=form)
    try:
        message = run(ref, form, user)
    except ValidationError as exc:
        return _respond(request, ref, refused=exc, form=form)
    except StaleEdit as exc:
        assert form is not None
        return _respond(request, ref, conflict=_conflict(request, exc, form))
    ref.plan = queries.plan_ref(user, handle, year, code).plan
    messages.success(request, message)
    return _respond(request, ref)


def _view_of(ref: queries.PlanRef) -> queries.PlanView:
    return queries.plan_view(queries.existing_plan(ref), as_of_for_year(ref.year))


@login_required
@require_POST
def start(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        plans.start_plan(
            actor=user,
            salesperson=ref.salesperson,
            customer=ref.customer,
            year=ref.year,
            start=form.cleaned_data["start"],
        )
        return _("Plan started.")

    return _write(
        request, handle, year, customer_code, lambda ref: forms.StartForm(request.POST), run
    )


@login_required
@require_POST
def objective_add(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        objectives.add_objective(actor=user, plan=queries.existing_plan(ref), **form.resolved())
        return _("Objective added.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.ObjectiveForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def objective_edit(
    request: HttpRequest, handle: str, year: int, customer_code: str, pk: int
) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        objective = queries.part_of(queries.existing_plan(ref), Objective, pk)
        objectives.update_objective(
            actor=user, objective=objective, version=form.cleaned_data["version"], **form.resolved()
        )
        return _("Objective saved.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.EditObjectiveForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def objective_value(
    request: HttpRequest, handle: str, year: int, customer_code: str, pk: int
) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        objective = queries.part_of(queries.existing_plan(ref), Objective, pk)
        data = form.cleaned_data
        objectives.record_value(
            actor=user,
            objective=objective,
            version=data["version"],
            value=data["value"],
            on=data["on"],
        )
        return _("Current value recorded.")

    return _write(
        request, handle, year, customer_code, lambda ref: forms.ValueForm(request.POST), run
    )


@login_required
@require_POST
def action_add(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        action = action_items.add_action(
            actor=user, plan=queries.existing_plan(ref), **form.resolved()
        )
        if action.status == Action.Status.PROPOSED and action.owner:
            return _("Action added; %(name)s is asked to accept it.") % {"name": action.owner}
        return _("Action added.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.ActionForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def action_edit(
    request: HttpRequest, handle: str, year: int, customer_code: str, pk: int
) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        action = queries.part_of(queries.existing_plan(ref), Action, pk)
        values = form.resolved()
        action_items.update_action(
            actor=user,
            action=action,
            version=form.cleaned_data["version"],
            status=values.pop("status") or None,
            reason=values.pop("reason"),
            **values,
        )
        return _("Action saved.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.EditActionForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def contact_add(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        contacts.add_contact(actor=user, plan=queries.existing_plan(ref), **form.resolved())
        return _("Contact objective added.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.ContactForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def contact_edit(
    request: HttpRequest, handle: str, year: int, customer_code: str, pk: int
) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        contact = queries.part_of(queries.existing_plan(ref), ContactObjective, pk)
        contacts.update_contact(
            actor=user, contact=contact, version=form.cleaned_data["version"], **form.resolved()
        )
        return _("Contact objective saved.")

    return _write(
        request, handle, year, customer_code,
        lambda ref: forms.EditContactForm(request.POST, view=_view_of(ref)), run,
    )  # fmt: skip


@login_required
@require_POST
def expected(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    def run(ref: queries.PlanRef, form: Any, user: User) -> str:
        plan = queries.existing_plan(ref)
        data = form.cleaned_data
        if data["mode"] == "phase":
            objective = queries.part_of(plan, Objective, data["phase_from"])
            plans.set_expected(
                actor=user,
                plan=plan,
                version=data["version"],
                phase_from=objective,
                seasonal=data["seasonal"],
            )
        else:
            months = [data[f"month_{m}"] for m in range(1, 13)]
            plans.set_expected(actor=user, plan=plan, version=data["version"], months=months)
        return _("Expected sales by month saved.")

    return _write(
        request, handle, year, customer_code, lambda ref: forms.ExpectedForm(request.POST), run
    )


@login_required
@require_POST
def comment(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    """Managers comment on a plan they may not edit: resolved for reading, the action
    checks who may comment."""
    user = user_of(request)
    ref = queries.plan_ref(user, handle, year, customer_code)
    plan = queries.existing_plan(ref)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return _respond(request, ref, refused=form, form=form)
    try:
        comments.add_comment(actor=user, plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        return _respond(request, ref, refused=exc, form=form)
    messages.success(request, _("Comment added."))
    return _respond(request, ref)


@login_required
@require_GET
def history(request: HttpRequest, handle: str, year: int, customer_code: str) -> HttpResponse:
    ref = queries.plan_ref(user_of(request), handle, year, customer_code)
    plan = queries.existing_plan(ref)
    return render(request, "plans/history.html", {"ref": ref, "rows": queries.plan_history(plan)})
