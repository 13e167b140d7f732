"""Browse and search customers; a customer's page: sales by month (M9) and the account
research — dossier (M2), target potential (M3), rules of engagement (M4) — edited section
by section with htmx partials."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.contacts.queries import last_contact_by_customer
from firstchoice.contacts.views import timeline_context
from firstchoice.customers import actions, dossier, research
from firstchoice.customers.charts import potential_trend
from firstchoice.customers.forms import PotentialForm, RuleForm, section_values
from firstchoice.customers.models import Customer, EngagementRule
from firstchoice.lib.charts import monthly_bars
from firstchoice.lib.dates import add_months, month_start
from firstchoice.lib.edits import StaleEdit
from firstchoice.lib.forms import add_errors, error_dict
from firstchoice.lib.http import answers_bad_parameters, digits, is_htmx, parse_as_of, today
from firstchoice.pages.customers import research as page_research
from firstchoice.people.queries import can_edit_people, org_chart
from firstchoice.people.relmap import draw_map, relationship_map
from firstchoice.portfolio import queries as portfolio_queries
from firstchoice.portfolio.scoping import (
    can_edit_customer,
    customer_for_user,
    filter_choices,
    search_customers,
)
from firstchoice.sales.queries import monthly_figures, trailing_figures
from firstchoice.sales.rules import Figures, year_grid
from firstchoice.teams.http import user_of
from firstchoice.teams.pagecache import cached_page
from firstchoice.teams.queries import salesperson_for_user, visible_salespeople

PAGE_SIZE = 25
FILTERS = ("q", "owner", "segment", "payment_terms", "status")


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    params = {name: request.GET.get(name, "").strip()[:100] for name in FILTERS}
    page = Paginator(search_customers(user, **params), PAGE_SIZE).get_page(request.GET.get("page"))
    figures = trailing_figures((c.pk for c in page.object_list), today())
    rows = [(customer, figures.get(customer.pk, Figures())) for customer in page.object_list]
    query = urlencode({k: v for k, v in params.items() if v})
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "params": params,
        "query": query,
        "hx_target": "#customer-table",
    }
    if is_htmx(request):
        return render(request, "customers/_table.html", context)
    context.update(
        {
            "choices": filter_choices(user),
            "owners": visible_salespeople(user).order_by("name"),
            "statuses": Customer.Status.choices,
        }
    )
    return render(request, "customers/list.html", context)


@login_required
@require_GET
def customer_suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for the add-to-portfolio datalist."""
    user = user_of(request)
    q = request.GET.get("customer", "").strip()[:100]
    customers = search_customers(user, q=q)[:20] if len(q) >= 1 else Customer.objects.none()
    return render(request, "customers/_suggest.html", {"customers": customers})


def _research_context(
    request: HttpRequest, customer: Customer, current: Any, *, can_edit: bool | None = None
) -> dict[str, Any]:
    found = page_research.research(customer, today=today(), current=current)
    potential = found.potential
    return {
        "research": found,
        "potential": potential,
        "potential_chart": mark_safe(potential_trend(potential.history)),  # noqa: S308 — pygal
        "potential_form": PotentialForm(),
        "rules": found.rules,
        "owners": visible_salespeople(user_of(request)).order_by("name"),
        "can_execute_choices": EngagementRule.CanExecute.choices,
        "new_rule": research.RuleView(EngagementRule.Kind.CUSTOM, "", None),
        "can_edit": can_edit_customer(user_of(request), customer) if can_edit is None else can_edit,
    }


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def customer_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_for_user(user, code)
    as_of = parse_as_of(request)
    first = month_start(add_months(as_of, -35))
    months = monthly_figures(customer.pk, first, as_of)
    chart = monthly_bars(
        [m.strftime("%Y-%m") for m, _f in months],
        {_("Sales"): [f.amount for _m, f in months], _("Margin"): [f.margin for _m, f in months]},
    )
    listings = portfolio_queries.listings(user, customer)
    t12m = trailing_figures([customer.pk], as_of).get(customer.pk, Figures())
    can_edit = can_edit_customer(user, customer)
    context = {
        "customer": customer,
        "t12m": t12m,
        "grid": year_grid(months),
        "has_sales": any(f.lines for _m, f in months),
        "chart": mark_safe(chart),  # noqa: S308 — pygal output; labels are escaped by pygal
        "listings": listings,
        "as_of": as_of,
        # The same drawing as the org-chart page, so the printed brief carries it (M5).
        "orgchart": org_chart(customer, today=today()),
        # And the relationship map, the same SVG as its page and PDF (issue 18).
        "relmap": mark_safe(draw_map(relationship_map(customer, today=today()))),  # noqa: S308
        # The account's story, newest first (contacts, tiers, plans, potential, research).
        **timeline_context(request, customer),
        "last_contact": last_contact_by_customer([customer.pk]).get(customer.pk),
        # Whoever may change the research may change the people (can_edit_customer asks
        # the same as can_edit_people, and of an open prospect more): asked once when it can.
        "can_log_contact": can_edit or can_edit_people(user, customer),
    }
    # The research is judged against today's sales, whatever `as_of` the chart shows.
    current = (
        t12m
        if as_of == today()
        else trailing_figures([customer.pk], today()).get(customer.pk, Figures())
    )
    context.update(_research_context(request, customer, current.amount, can_edit=can_edit))
    return render(request, "customers/detail.html", context)


@login_required
@require_GET
def research_history(request: HttpRequest, code: str) -> HttpResponse:
    customer = customer_for_user(user_of(request), code)
    return render(
        request,
        "customers/history.html",
        {"customer": customer, "entries": research.research_history(customer)},
    )


# --- Dossier sections ----------------------------------------------------------------------


def _section_key(key: str) -> str:
    if key not in dossier.BY_KEY:
        raise Http404("No such section")
    return key


def _render_section(
    request: HttpRequest,
    customer: Customer,
    key: str,
    *,
    editing: bool = False,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
    summary: bool = False,
    version: int | None = None,
) -> HttpResponse:
    section = research.one_section(customer, key, today=today())
    if values is not None:  # a failed save: show what was typed, and why it failed
        for view in section.all_fields:
            view.value = values.get(view.field.key)
            view.error = " ".join((errors or {}).get(view.field.key, []))
        section.notes = str(values.get("notes", ""))
    context: dict[str, Any] = {
        "customer": customer,
        "section": section,
        "editing": editing,
        "values": values,
        "errors": errors or {},
        "can_edit": can_edit_customer(user_of(request), customer),
        # After a failed save the form keeps the version it was opened with, so a save
        # that collided with someone else's keeps failing until the editor reloads.
        "version": version,
    }
    if summary:
        # The page's completeness and staleness change with the section: swap them too.
        current = trailing_figures([customer.pk], today()).get(customer.pk, Figures()).amount
        found = page_research.research(customer, today=today(), current=current)
        context.update({"research": found, "potential": found.potential, "oob": True})
    return render(request, "customers/_section.html", context, status=status)


@login_required
@require_GET
def section_show(request: HttpRequest, code: str, key: str) -> HttpResponse:
    customer = customer_for_user(user_of(request), code)
    return _render_section(request, customer, _section_key(key))


@login_required
@require_GET
def section_edit(request: HttpRequest, code: str, key: str) -> HttpResponse:
    customer = customer_for_user(user_of(request), code, write=True)
    return _render_section(request, customer, _section_key(key), editing=True)


@login_required
@require_POST
def section_save(request: HttpRequest, code: str, key: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    spec = dossier.section(_section_key(key))
    questions = [
        q.as_field(get_language() or "en") for q in research.active_questions().get(key, [])
    ]
    values = section_values(spec, questions, request.POST)
    version = digits(request.POST.get("version", ""))
    try:
        actions.update_section(
            actor=user, customer=customer, key=key, values=values, version=version
        )
    except (ValidationError, StaleEdit) as exc:
        return _render_section(
            request,
            customer,
            key,
            editing=True,
            values=values,
            errors=error_dict(exc),
            status=422,
            version=version,
        )
    if not is_htmx(request):
        return redirect(reverse("customer", args=[customer.code]) + f"#section-{key}")
    return _render_section(request, customer, key, summary=True)


# --- Target potential --------------------------------------------------------------------


def _render_potential(
    request: HttpRequest, customer: Customer, form: PotentialForm | None, status: int = 200
) -> HttpResponse:
    current = trailing_figures([customer.pk], today()).get(customer.pk, Figures()).amount
    context = {"customer": customer, **_research_context(request, customer, current)}
    if form is not None:
        context["potential_form"] = form
    context["oob"] = status == 200
    return render(request, "customers/_potential.html", context, status=status)


@login_required
@require_POST
def potential_add(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    form = PotentialForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_potential(
                actor=user,
                customer=customer,
                estimated_on=data["estimated_on"],
                total=data["total"],
                other_channels=data["other_channels"],
                confidence=int(data["confidence"]),
                source=data["source"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
    if not form.is_valid():
        return _render_potential(request, customer, form, status=422)
    if not is_htmx(request):
        return redirect(reverse("customer", args=[customer.code]) + "#potential")
    return _render_potential(request, customer, None)


# --- Rules of engagement ------------------------------------------------------------------


def _rule_for(customer: Customer, slot: str) -> tuple[str, EngagementRule | None]:
    """(kind, existing custom rule) for a URL slot: a standard kind, 'new' or a custom id."""
    if slot == "new":
        return EngagementRule.Kind.CUSTOM, None
    if slot in actions.STANDARD_RULES:
        return slot, None
    rule = research.custom_rule(customer, slot)
    return rule.kind, rule


def _render_rules(
    request: HttpRequest,
    customer: Customer,
    *,
    failed: str = "",
    form: RuleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current = trailing_figures([customer.pk], today()).get(customer.pk, Figures()).amount
    context = {"customer": customer, **_research_context(request, customer, current)}
    if form is not None:
        for view in context["rules"]:
            if view.slot == failed:
                view.posted = {name: form.data.get(name, "") for name in form.fields}
                view.errors = error_dict(form)
        if failed == "new":
            context["new_rule"] = research.RuleView(
                EngagementRule.Kind.CUSTOM,
                "",
                None,
                posted={name: form.data.get(name, "") for name in form.fields},
                errors=error_dict(form),
            )
    context.update({"failed": failed, "oob": status == 200})
    return render(request, "customers/_rules.html", context, status=status)


@login_required
@require_POST
def rule_save(request: HttpRequest, code: str, slot: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    kind, rule = _rule_for(customer, slot)
    form = RuleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            owner = None
            if data["owner"]:
                try:
                    owner = salesperson_for_user(user, data["owner"])
                except Http404:
                    raise ValidationError({"owner": _("No such salesperson.")}) from None
            actions.save_rule(
                actor=user,
                customer=customer,
                kind=kind,
                rule=rule,
                title=data["title"],
                requirement=data["requirement"],
                can_execute=data["can_execute"],
                how=data["how"],
                owner=owner,
                owner_text=data["owner_text"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
    if not form.is_valid():
        return _render_rules(request, customer, failed=slot, form=form, status=422)
    if not is_htmx(request):
        return redirect(reverse("customer", args=[customer.code]) + "#rules")
    return _render_rules(request, customer)


@login_required
@require_POST
def rule_delete(request: HttpRequest, code: str, slot: str) -> HttpResponse:
    user = user_of(request)
    customer = customer_for_user(user, code, write=True)
    _kind, rule = _rule_for(customer, slot)
    if rule is None:
        raise Http404("Only custom rules can be removed")
    actions.delete_rule(actor=user, rule=rule)
    if not is_htmx(request):
        return redirect(reverse("customer", args=[customer.code]) + "#rules")
    return _render_rules(request, customer)
