"""Which customers a user may see and change.

Customers are company master data, but owned accounts belong to a team: a user sees the
customers owned by salespeople they can see and customers on a visible portfolio. A
customer nobody owns belongs to the teams whose focus lists hold it (any year): once a
team has put it on a list, its research is that team's work, and everyone else gets 404.
A customer nobody owns and nobody lists is a prospect open to all. The lists are why these
lookups live here and not in `customers`: the portfolio layer is the lowest that knows both.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from firstchoice.customers.models import Customer
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.teams.models import User
from firstchoice.teams.queries import editable_salespeople, visible_salespeople


def visible_customers(user: User) -> QuerySet[Customer]:
    qs = Customer.objects.select_related("owner", "owner__user")
    if user.is_administrator:
        return qs

    salespeople = visible_salespeople(user).values("pk")
    on_visible_portfolio = PortfolioEntry.objects.filter(
        customer=OuterRef("pk"), portfolio__salesperson__in=salespeople
    )
    on_any_portfolio = PortfolioEntry.objects.filter(customer=OuterRef("pk"))
    return qs.filter(
        Q(~Exists(on_any_portfolio), owner__isnull=True)
        | Q(owner__in=salespeople)
        | Exists(on_visible_portfolio)
    )


def is_open_prospect(customer: Customer) -> bool:
    """Nobody owns it and no focus list holds it: any team may see it and start its research."""
    return (
        customer.owner_id is None and not PortfolioEntry.objects.filter(customer=customer).exists()
    )


def search_customers(
    user: User,
    *,
    q: str = "",
    owner: str = "",
    segment: str = "",
    payment_terms: str = "",
    status: str = "",
) -> QuerySet[Customer]:
    qs = visible_customers(user)
    q = q.strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    if owner:
        qs = qs.filter(Q(owner__code=owner) | Q(owner__user__username=owner))
    if segment:
        qs = qs.filter(segment=segment)
    if payment_terms:
        qs = qs.filter(payment_terms=payment_terms)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("code")


def customer_for_user(user: User, code: str, *, write: bool = False) -> Customer:
    """The customer `code` if `user` may see it (Http404 otherwise); with `write`, also
    PermissionDenied unless they may change its research (`can_edit_customer`)."""
    customer = visible_customers(user).filter(code=code).first()
    if customer is None:
        raise Http404("No such customer")
    if write and not can_edit_customer(user, customer):
        raise PermissionDenied("Read-only: only the owner and their managers may change it")
    return customer


def can_edit_customer(user: User, customer: Customer) -> bool:
    """Who may change an account's research: administrators; the owner and the owner's
    managers; whoever keeps it on a focus list they may edit; and, for an account nobody
    owns and no list holds yet, any salesperson or manager (somebody has to start the
    research). Teammates read along (the method reviews in the open) but do not write."""
    if user.is_administrator:
        return True
    editable = editable_salespeople(user)
    if customer.owner_id is not None and editable.filter(pk=customer.owner_id).exists():
        return True
    if PortfolioEntry.objects.filter(
        customer=customer, portfolio__salesperson__in=editable.values("pk")
    ).exists():
        return True
    return is_open_prospect(customer) and editable.exists()


def filter_choices(user: User) -> dict[str, list[str]]:
    """Distinct segments and payment terms among the visible customers, for filter menus."""
    qs = visible_customers(user).order_by()
    return {
        "segments": sorted(s for s in qs.values_list("segment", flat=True).distinct() if s),
        "payment_terms": sorted(
            t for t in qs.values_list("payment_terms", flat=True).distinct() if t
        ),
    }


# How many candidates an ambiguous name lists before "…".
CANDIDATES = 8


def pick_customer(user: User, text: str) -> Customer:
    """The visible customer a person means by `text`, wherever one is picked (the board's
    add form, the API's add, imports): its code, its exact name (any case), or the
    "CODE — Name" a suggestion list shows. A name several customers share, or a part of a
    name, answers ValidationError listing the candidates with their codes, so the person
    picks one; nothing is guessed."""
    raw = " ".join(str(text).split())
    if not raw:
        raise ValidationError(_("Enter a customer code or name."))
    visible = visible_customers(user)
    code = raw.split(" — ", 1)[0].strip()
    found = (
        (visible.filter(code=code).first() or visible.filter(code__iexact=code).first())
        if code
        else None
    )
    if found is not None:
        return found
    named = list(visible.filter(name__iexact=raw).order_by("code")[: CANDIDATES + 1])
    if len(named) == 1:
        return named[0]
    if named:
        raise ValidationError(
            _("Several customers are called “%(name)s”: %(candidates)s. Enter the code.")
            % {"name": raw, "candidates": _candidates(named)}
        )
    similar = list(
        visible.filter(Q(name__icontains=raw) | Q(code__icontains=raw)).order_by("code")[
            : CANDIDATES + 1
        ]
    )
    if similar:
        raise ValidationError(
            _("No customer is called “%(name)s”. Did you mean: %(candidates)s?")
            % {"name": raw, "candidates": _candidates(similar)}
        )
    raise ValidationError(
        _("No customer with the code or name “%(name)s” among the customers you can see.")
        % {"name": raw}
    )


def _candidates(customers: list[Customer]) -> str:
    shown = [f"{c.name} ({c.code})" for c in customers[:CANDIDATES]]
    if len(customers) > CANDIDATES:
        shown.append("…")
    return _("; ").join(shown)
