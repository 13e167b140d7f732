"""Pages of the relationship map (issue 18): the map, its PDF, and the influence lines
edited from the key-people page."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from firstchoice.customers.models import Customer
from firstchoice.lib.forms import add_errors
from firstchoice.lib.http import answers_bad_parameters, is_htmx, parse_day, today
from firstchoice.lib.pdf import pdf_response, render_pdf
from firstchoice.people import influence, queries, relmap
from firstchoice.people.forms import InfluenceLineForm
from firstchoice.people.models import InfluenceLine
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User
from firstchoice.teams.pagecache import cached_page


def _map_context(request: HttpRequest, code: str) -> dict[str, Any]:
    customer = queries.customer_people_for_user(user_of(request), code)
    raw = request.GET.get("as_of", "").strip()
    as_of = parse_day("as_of", raw) if raw else None
    found = relmap.relationship_map(customer, today=today(), as_of=as_of)
    return {
        "customer": customer,
        "map": found,
        "flags": found.flags,
        # Built by mapdraw from escaped text only (xml.sax.saxutils.escape / quoteattr).
        "svg": mark_safe(relmap.draw_map(found)),  # noqa: S308
        "today": today(),
    }


@login_required
@require_GET
@answers_bad_parameters
@cached_page
def relationship_map(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "people/relmap.html", _map_context(request, code))


@login_required
@require_GET
@answers_bad_parameters
def relationship_map_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The same drawing on A4 landscape, scaled to the page."""
    context = _map_context(request, code)
    context["page"] = pdf_page(str(context["svg"]))
    pdf = render_pdf("people/relmap_pdf.html", context, request=request)
    return pdf_response(pdf, f"{context['customer'].code}-relationship-map.pdf")


# Drawing pixels to PDF millimetres: 0.8 of CSS size (1 px = 0.2646 mm) keeps 11 px text
# at about 6.6 pt, still readable printed; the page grows with the map instead of shrinking
# it (A4 landscape at least): a 40-person map fits one page of about A3.
PDF_MM_PER_PX = 0.2646 * 0.8
_SIZE = re.compile(r'width="(\d+)" height="(\d+)"')


def pdf_page(svg: str) -> tuple[int, int]:
    """The PDF page (width, height in mm) that holds the map with its title and flags."""
    found = _SIZE.search(svg)
    width, height = (int(found[1]), int(found[2])) if found else (0, 0)
    return (
        max(297, round(width * PDF_MM_PER_PX) + 20),
        max(210, round(height * PDF_MM_PER_PX) + 50),
    )


def influence_context(
    user: User,
    customer: Customer,
    form: InfluenceLineForm | None = None,
    *,
    can_edit: bool | None = None,
) -> dict[str, Any]:
    """The influence-lines section of the people page (also what htmx swaps)."""
    return {
        "customer": customer,
        "influence_lines": list(
            InfluenceLine.objects.filter(customer=customer)
            .select_related("source", "target")
            .order_by("source__name", "target__name", "id")
        ),
        "influence_form": form or InfluenceLineForm(customer=customer),
        "can_edit": queries.can_edit_people(user, customer) if can_edit is None else can_edit,
        "open_influence": form is not None,
    }


def _render_lines(
    request: HttpRequest,
    customer: Customer,
    *,
    form: InfluenceLineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = influence_context(user_of(request), customer, form)
    return render(request, "people/_influence.html", context, status=status)


@login_required
@require_POST
def influence_add(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    form = InfluenceLineForm(request.POST, customer=customer)
    if form.is_valid():
        d = form.cleaned_data
        try:
            influence.create_influence_line(
                actor=user,
                customer=customer,
                source=d["source"],
                target=d["target"],
                kind=d["kind"],
                note=d["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(source)s → %(target)s added.")
                % {"source": d["source"].name, "target": d["target"].name},
            )
            if not is_htmx(request):
                return redirect("people", code=code)
            return _render_lines(request, customer)
    return _render_lines(request, customer, form=form, status=422)


@login_required
@require_POST
def influence_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = user_of(request)
    customer = queries.customer_people_for_user(user, code, write=True)
    line = InfluenceLine.objects.filter(customer=customer, pk=pk).first()
    if line is None:
        raise Http404("No such influence line")
    influence.delete_influence_line(actor=user, line=line)
    if is_htmx(request):
        return _render_lines(request, customer)
    return redirect("people", code=code)
