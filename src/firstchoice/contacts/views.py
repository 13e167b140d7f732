"""Pages of the contact log: log a contact (a phone-sized form), edit or remove one, the
account's log and its exports, the timeline fragment, people's last contacts (a fragment
the key-people page loads), and marking a next step done from My actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from firstchoice.contacts import actions, exports, forms, queries, timeline
from firstchoice.contacts.models import Contact
from firstchoice.customers.models import Customer
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import add_errors, labelled_errors
from firstchoice.lib.http import digits, is_htmx, safe_next, today
from firstchoice.people.models import KeyPerson
from firstchoice.people.queries import can_edit_people, customer_people_for_user
from firstchoice.teams.http import user_of
from firstchoice.teams.models import CompanySettings, User

LOG_PAGE_SIZE = 50
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _form(
    user: User, customer: Customer, *args: Any, editing: bool = False, **kwargs: Any
) -> forms.ContactForm:
    return forms.ContactForm(
        *args,
        people=KeyPerson.objects.filter(customer=customer).order_by("name", "id"),
        colleagues=queries.colleagues(customer, user),
        objectives=queries.objective_choices(customer, today()),
        editing=editing,
        **kwargs,
    )


def _person(customer: Customer, raw: str) -> KeyPerson | None:
    pk = digits(raw or "")
    if pk is None:
        return None
    return KeyPerson.objects.filter(customer=customer, pk=pk).first()


def _render_form(
    request: HttpRequest,
    customer: Customer,
    form: forms.ContactForm,
    *,
    contact: Contact | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "customer": customer,
        "form": form,
        "contact": contact,
        "next": safe_next(request, ""),
    }
    return render(request, "contacts/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_people_for_user(user, code, write=True)
    if request.method == "GET":
        person = _person(customer, request.GET.get("person", ""))
        form = _form(user, customer, initial=forms.default_initial(user, today(), person))
        return _render_form(request, customer, form)
    form = _form(user, customer, request.POST)
    if form.is_valid():
        try:
            actions.log_contact(actor=user, customer=customer, data=form.data_out(), today=today())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Contact logged."))
            return redirect(safe_next(request, reverse("customer", args=[code]) + "#timeline"))
    return _render_form(request, customer, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    contact = queries.contact_for_user(user, code, pk, write=True)
    customer = contact.customer
    if request.method == "GET":
        form = _form(user, customer, initial=forms.initial_for(contact), editing=True)
        return _render_form(request, customer, form, contact=contact)
    form = _form(user, customer, request.POST, editing=True)
    if form.is_valid():
        try:
            actions.update_contact(
                actor=user,
                contact=contact,
                data=form.data_out(),
                version=form.cleaned_data["version"],
                today=today(),
            )
        except (ValidationError, StaleEdit) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Contact saved."))
            return redirect(safe_next(request, reverse("customer-contacts", args=[code])))
    return _render_form(request, customer, form, contact=contact, status=422)


@login_required
@require_POST
def contact_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    contact = queries.contact_for_user(user, code, pk, write=True)
    version = digits(request.POST.get("version", ""))
    try:
        actions.delete_contact(actor=user, contact=contact, version=version)
    except StaleEdit as exc:
        for line in labelled_errors(exc):
            messages.error(request, line)
    else:
        messages.success(request, _("Contact removed."))
    return redirect("customer-contacts", code=code)


@login_required
@require_GET
def contact_log(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_people_for_user(user, code)
    page = Paginator(queries.contacts_of(customer), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/log.html",
        {
            "customer": customer,
            "page": page,
            "can_edit": can_edit_people(user, customer),
            "today": today(),
        },
    )


@login_required
@require_GET
def contacts_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("No such format")
    customer = customer_people_for_user(user_of(request), code)
    found = queries.contacts_of(customer)
    body = exports.to_csv(found) if fmt == "csv" else exports.to_xlsx(found)
    response = HttpResponse(body, content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{customer.code}-contacts.{fmt}"'
    return response


def timeline_context(request: HttpRequest, customer: Customer) -> dict[str, Any]:
    """What the timeline fragment needs; the customer page includes it too."""
    page = digits(request.GET.get("page", "")) or 1
    found = timeline.timeline(customer, kind=request.GET.get("kind", ""), page=page)
    return {"customer": customer, "timeline": found, "timeline_kinds": timeline.KINDS}


@login_required
@require_GET
def customer_timeline(request: HttpRequest, code: str) -> HttpResponse:
    customer = customer_people_for_user(user_of(request), code)
    context = timeline_context(request, customer)
    template = "contacts/_timeline.html" if is_htmx(request) else "contacts/timeline.html"
    return render(request, template, context)


@login_required
@require_GET
def freshness(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_people_for_user(user, code)
    company = CompanySettings.load()
    return render(
        request,
        "contacts/_freshness.html",
        {
            "customer": customer,
            "rows": queries.freshness(
                customer, today=today(), days_by_level=company.contact_days()
            ),
            "can_edit": can_edit_people(user, customer),
        },
    )


@login_required
@require_POST
def next_step_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    contact = queries.my_next_step(user, pk)
    form = forms.DoneForm(request.POST)
    if form.is_valid():
        try:
            actions.complete_next_step(
                actor=user,
                contact=contact,
                version=form.cleaned_data["version"],
                done_on=form.cleaned_data["done_on"] or today(),
                today=today(),
            )
        except (ValidationError, StaleEdit) as exc:
            for line in labelled_errors(exc, form=form):
                messages.error(request, line)
        else:
            messages.success(request, _("Next step done."))
    else:
        for line in labelled_errors(form):
            messages.error(request, line)
    return redirect(reverse("my-actions") + "#next-steps")


@login_required
@require_GET
def log_for(request: HttpRequest) -> HttpResponse:
    """My actions' "log a contact": the customer picked from a list, then its form."""
    code = request.GET.get("customer", "").strip()[:64]
    if not code:
        return redirect("my-actions")
    customer_people_for_user(user_of(request), code, write=True)
    return redirect("contact-new", code=code)
