"""Pages of M5: a customer's key people, the org chart, our account team and coverage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.customers.models import Customer
from firstchoice.lib import builds
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import add_errors, error_dict, offer
from firstchoice.lib.history import BOOKKEEPING
from firstchoice.lib.http import answers_bad_parameters, is_htmx, parse_day, today
from firstchoice.lib.pdf import pdf_response, render_html
from firstchoice.people import actions, exchange, queries
from firstchoice.people.forms import ImportForm, KeyPersonForm, OurPersonForm
from firstchoice.people.map_views import influence_context
from firstchoice.people.models import (
    ENGAGEMENT_DEFINITIONS,
    ENGAGEMENT_NAMES,
    ROLE_COLUMNS,
    Influence,
    KeyPerson,
    Level,
)
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.pagecache import cached_page


def _section_context(
    user: User, customer: Customer, *, can_edit: bool | None = None, **extra: Any
) -> dict[str, Any]:
    flags = queries.people_flags([customer.pk], today=today())[customer.pk]
    return {
        "customer": customer,
        "people": list(queries.key_people(user, customer)),
        "flags": flags,
        "can_edit": queries.can_edit_people(user, customer) if can_edit is None else can_edit,
        "form": extra.pop("form", None) or KeyPersonForm(customer=customer),
        "levels": Level,
        **extra,
    }


def _render_section(
    request: HttpRequest, customer: Customer, *, status: int = 200, **extra: Any
) -> HttpResponse:
    """The key-people section for htmx; without htmx (a refused plain POST) the whole page,
    with the form open and filled as it was sent."""
    if not is_htmx(request):
        return render(
            request, "people/page.html", _page_context(request, customer, **extra), status=status
        )
    context = _section_context(user_of(request), customer, **extra)
    return render(request, "people/_section.html", context, status=status)


@login_required
@require_GET
@cached_page
def people_page(request: HttpRequest, code: str) -> HttpResponse:
    customer = queries.customer_people_for_user(user_of(request), code)
    return render(request, "people/page.html", _page_context(request, customer))


def _page_context(request: HttpRequest, customer: Customer, **extra: Any) -> dict[str, Any]:
    user = user_of(request)
    can_edit = queries.can_edit_people(user, customer)  # one answer for all the sections
    context = _section_context(user, customer, can_edit=can_edit, **extra)
    ours = _ours_context(user, customer, can_edit=can_edit)
    influence = influence_context(user, customer, can_edit=can_edit)
    # The people to choose from, as each form's own queryset lists them (the customer's,
    # by name): read once for the page, not once per select.
    if "form" not in extra:  # a new person: anyone may be their boss
        offer(context["form"].fields["reports_to"], ours["people"])
    for name in ("source", "target"):
        offer(influence["influence_form"].fields[name], ours["people"])
    context.update(
        {
            "ours": ours["ours"],
            "ours_form": ours["ours_form"],
            "users": ours["users"],
            "import_form": ImportForm(),
            **influence,
            "engagement": [
                (k, ENGAGEMENT_NAMES[k], ENGAGEMENT_DEFINITIONS[k]) for k in ENGAGEMENT_NAMES
            ],
        }
    )
    return context


@login_required
@require_POST
def person_add(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    form = KeyPersonForm(request.POST, customer=customer)
    if form.is_valid():
        try:
            person = actions.create_key_person(
                actor=user,
                customer=customer,
                data=form.data_out(),
                # The "Add anyway" button shown beside a look-alike sends it.
                allow_duplicate=request.POST.get("allow_duplicate") == "1",
            )
        except actions.DuplicatePerson as exc:
            # Not beside a field: the whole entry may be someone already there.
            duplicates = [
                (person, [str(actions.WHAT[w]) for w in why]) for person, why in exc.matches
            ]
            return _render_section(
                request, customer, form=form, status=422, open_form=True, duplicates=duplicates
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            if not is_htmx(request):
                return redirect("people", code=customer.code)
            # Left open: mapping an account means adding several people in a row.
            return _render_section(request, customer, open_form=True)
    return _render_section(request, customer, form=form, status=422, open_form=True)


HIDDEN_CHANGES = BOOKKEEPING | {"confirmed_at", "confirmed_by"}


def _changes(person: KeyPerson) -> list[tuple[Any, list[tuple[str, str, str]]]]:
    """The last 50 history records, each with (field label, before, after) in words."""
    records = list(
        person.history.select_related("history_user").order_by("-history_date", "-history_id")[:51]
    )
    # Names from history too: a former boss may have been removed since (latest name wins).
    names = dict(
        KeyPerson.history.filter(customer_id=person.customer_id)
        .order_by("history_date")
        .values_list("id", "name")
    )
    labels = {f.name: str(f.verbose_name) for f in KeyPerson._meta.concrete_fields}
    levels = dict(Level.choices)

    def words(field: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if field == "reports_to":
            return str(names.get(value, "?"))
        if field == "level":
            return str(levels.get(value, value))
        if field in ROLE_COLUMNS.values():
            return _("yes") if value else _("no")
        if field == "influence":
            return str(Influence(value).label) if value in Influence.values else str(value)
        return str(value)

    out = []
    for index, record in enumerate(records[:50]):
        previous = records[index + 1] if index + 1 < len(records) else None
        delta = record.diff_against(previous).changes if previous else []
        shown = [
            (labels.get(c.field, c.field), words(c.field, c.old), words(c.field, c.new))
            for c in delta
            if c.field not in HIDDEN_CHANGES
        ]
        out.append((record, shown))
    return out


def _detail_context(
    user: User, person: KeyPerson, form: KeyPersonForm | None = None
) -> dict[str, Any]:
    customer = person.customer
    return {
        "customer": customer,
        "person": person,
        "form": form or KeyPersonForm(customer=customer, person=person),
        "can_edit": queries.can_edit_people(user, customer),
        "changes": _changes(person),
        "engagement_definitions": ENGAGEMENT_DEFINITIONS,
    }


@login_required
@require_GET
def person_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, pk)
    return render(request, "people/person.html", _detail_context(user, person))


@login_required
@require_POST
def person_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, pk, write=True)
    form = KeyPersonForm(request.POST, customer=person.customer, person=person)
    if form.is_valid():
        try:
            actions.update_key_person(
                actor=user,
                person=person,
                data=form.data_out(),
                version=form.cleaned_data["version"],
            )
        except (ValidationError, StaleEdit) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person.name})
            if not is_htmx(request):
                return redirect("person", code=code, pk=person.pk)
            fresh = queries.key_person_for_user(user, code, pk)
            return render(request, "people/_person_body.html", _detail_context(user, fresh))
    context = _detail_context(user, person, form)
    return render(request, "people/_person_body.html", context, status=422)


@login_required
@require_POST
def person_confirm(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, pk, write=True)
    actions.confirm_key_person(actor=user, person=person)
    messages.success(request, _("%(name)s confirmed as of today.") % {"name": person.name})
    if is_htmx(request):
        return _render_section(request, person.customer)
    return redirect("people", code=code)


@login_required
@require_POST
def person_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    person = queries.key_person_for_user(user, code, pk, write=True)
    actions.delete_key_person(actor=user, person=person)
    messages.success(request, _("%(name)s removed.") % {"name": person.name})
    return redirect("people", code=code)


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def orgchart(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code)
    raw = request.GET.get("as_of", "").strip()
    as_of = parse_day("as_of", raw) if raw else None
    chart = queries.org_chart(customer, today=today(), as_of=as_of)
    return render(request, "people/orgchart.html", {"customer": customer, "chart": chart})


@login_required
@require_GET
def people_history(request: HttpRequest, code: str) -> HttpResponse:
    customer = queries.customer_people_for_user(user_of(request), code)
    return render(
        request,
        "people/history.html",
        {"customer": customer, "entries": queries.people_history(customer)},
    )


@login_required
@require_GET
@answers_bad_parameters
def orgchart_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The same drawing on A4 landscape, for the account file and the customer brief."""
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code)
    raw = request.GET.get("as_of", "").strip()
    as_of = parse_day("as_of", raw) if raw else None
    chart = queries.org_chart(customer, today=today(), as_of=as_of)
    context = {"customer": customer, "chart": chart, "today": today(), "link": False}
    html = render_html("people/orgchart_pdf.html", context, request=request)
    return pdf_response(builds.cached_pdf(html), f"{customer.code}-orgchart.pdf")


@login_required
@require_GET
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code)
    return render(
        request,
        "people/coverage.html",
        {"customer": customer, "cov": queries.coverage(customer)},
    )


def _render_ours(
    request: HttpRequest,
    customer: Customer,
    *,
    form: OurPersonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = user_of(request)
    if form is not None and not is_htmx(request):
        # A refused plain POST: the whole page, this form open and filled as sent.
        page = {**_page_context(request, customer), "ours_form": form, "open_ours": True}
        return render(request, "people/page.html", page, status=status)
    context = {
        "customer": customer,
        "open_ours": form is not None,
        **_ours_context(user, customer, form),
    }
    return render(request, "people/_ours.html", context, status=status)


def _ours_context(
    user: User,
    customer: Customer,
    form: OurPersonForm | None = None,
    *,
    can_edit: bool | None = None,
) -> dict[str, Any]:
    """Our people with the option lists their edit forms share (fixed queries, any size)."""
    form = form or OurPersonForm(customer=customer, viewer=user)
    people = list(form.fields["covers"].queryset)  # type: ignore[attr-defined]
    users = list(form.fields["user"].queryset)  # type: ignore[attr-defined]
    offer(form.fields["covers"], people)
    offer(form.fields["user"], users)
    return {
        "ours": list(queries.our_people(customer)),
        "ours_form": form,
        "people": people,
        "users": users,
        "can_edit": queries.can_edit_people(user, customer) if can_edit is None else can_edit,
    }


@login_required
@require_POST
def ours_add(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    form = OurPersonForm(request.POST, customer=customer, viewer=user)
    if form.is_valid():
        try:
            actions.add_our_person(actor=user, customer=customer, **form.action_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if not is_htmx(request):
                return redirect("people", code=code)
            return _render_ours(request, customer)
    return _render_ours(request, customer, form=form, status=422)


@login_required
@require_POST
def ours_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    ours = queries.our_person_for_user(user, code, pk, write=True)
    form = OurPersonForm(request.POST, customer=ours.customer, viewer=user)
    if form.is_valid():
        try:
            actions.update_our_person(
                actor=user, ours=ours, version=form.cleaned_data["version"], **form.action_fields()
            )
        except (ValidationError, StaleEdit) as exc:
            add_errors(form, exc)
        else:
            if not is_htmx(request):
                return redirect("people", code=code)
            return _render_ours(request, ours.customer)
    return _render_ours(request, ours.customer, form=form, status=422)


@login_required
@require_POST
def ours_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    ours = queries.our_person_for_user(user, code, pk, write=True)
    actions.delete_our_person(actor=user, ours=ours)
    if is_htmx(request):
        return _render_ours(request, ours.customer)
    return redirect("people", code=code)


EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "vcf": "text/vcard; charset=utf-8",
}


@login_required
@require_GET
def people_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("No such format")
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code)
    people = list(queries.key_people(user, customer))
    if fmt == "csv":
        body = exchange.to_csv(people)
    elif fmt == "xlsx":
        body = exchange.to_xlsx(people)
    else:
        body = exchange.to_vcard(customer, people)
    response = HttpResponse(body, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{customer.code}-people.{fmt}"'
    return response


@login_required
@require_POST
def people_import(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, found = exchange.read_upload(upload.name, upload)
            result = actions.import_key_people(
                actor=user, customer=customer, rows=rows, problems=found
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request,
                _("Imported: %(created)d added, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("people", code=code)
    else:
        problems = [m for msgs in error_dict(form).values() for m in msgs]
    return render(
        request,
        "people/import_failed.html",
        {"customer": customer, "problems": problems, "back": reverse("people", args=[code])},
        status=422,
    )
