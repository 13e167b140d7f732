"""Permission-scoped reads of customers.

Customers are company master data, but owned accounts belong to a team: a user sees the
customers owned by salespeople they can see, customers nobody owns yet (prospects to
win), and customers on a visible portfolio.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from firstchoice.customers import dossier, rules
from firstchoice.customers.models import (
    Customer,
    DossierQuestion,
    DossierSection,
    EngagementRule,
    TargetPotential,
)
from firstchoice.lib import history
from firstchoice.teams.models import CompanySettings, Salesperson, User
from firstchoice.teams.queries import editable_salespeople, visible_salespeople


def visible_customers(user: User) -> QuerySet[Customer]:
    qs = Customer.objects.select_related("owner", "owner__user")
    if user.is_administrator:
        return qs
    from firstchoice.portfolio.models import PortfolioEntry

    salespeople = visible_salespeople(user).values("pk")
    on_visible_portfolio = PortfolioEntry.objects.filter(
        customer=OuterRef("pk"), portfolio__salesperson__in=salespeople
    )
    return qs.filter(
        Q(owner__isnull=True) | Q(owner__in=salespeople) | Exists(on_visible_portfolio)
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
    owns yet, any salesperson or manager (somebody has to start the research). Teammates
    read along (the method reviews in the open) but do not write."""
    if user.is_administrator:
        return True
    editable = editable_salespeople(user)
    if customer.owner_id is not None and editable.filter(pk=customer.owner_id).exists():
        return True
    from firstchoice.portfolio.models import PortfolioEntry

    if PortfolioEntry.objects.filter(
        customer=customer, portfolio__salesperson__in=editable.values("pk")
    ).exists():
        return True
    return customer.owner_id is None and editable.exists()


def filter_choices(user: User) -> dict[str, list[str]]:
    """Distinct segments and payment terms among the visible customers, for filter menus."""
    qs = visible_customers(user).order_by()
    return {
        "segments": sorted(s for s in qs.values_list("segment", flat=True).distinct() if s),
        "payment_terms": sorted(
            t for t in qs.values_list("payment_terms", flat=True).distinct() if t
        ),
    }


# --- Account research (M2, M3, M4) ------------------------------------------------------


@dataclass(frozen=True)
class ResearchSummary:
    """What a board card, an audit or a review needs to know about an account's research."""

    completeness: int = 0  # percent of the dossier answered
    stale_sections: int = 0
    rule_risks: int = 0  # rules we cannot, or only partly, execute
    target_potential: Decimal | None = None  # the latest estimate
    confidence: int | None = None
    worth_resources: bool | None = None
    estimated_on: dt.date | None = None

    @property
    def is_stale(self) -> bool:
        return self.stale_sections > 0


def active_questions() -> dict[str, list[DossierQuestion]]:
    """The administrators' own questions by section key."""
    found: dict[str, list[DossierQuestion]] = defaultdict(list)
    for question in DossierQuestion.objects.filter(active=True):
        found[question.section].append(question)
    return found


_INLINE_IDS = 5_000


def _latest(customer_ids: list[int], as_of: dt.date | None = None) -> dict[int, TargetPotential]:
    """The latest estimate per customer (made on or before `as_of` when given), in one
    query (a window, not one query each)."""
    if not customer_ids:
        return {}
    # A whole company's batch (tier suggestions for everyone) reads every latest estimate
    # rather than send tens of thousands of ids as parameters.
    scope = Q(customer_id__in=customer_ids) if len(customer_ids) <= _INLINE_IDS else Q()
    if as_of is not None:
        scope &= Q(estimated_on__lte=as_of)
    wanted = set(customer_ids)
    rows = (
        TargetPotential.objects.filter(scope)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("customer_id")],
                order_by=[F("estimated_on").desc(), F("id").desc()],
            )
        )
        .filter(place=1)
    )
    return {row.customer_id: row for row in rows if row.customer_id in wanted}


def latest_potentials(
    customer_ids: Iterable[int], as_of: dt.date | None = None
) -> dict[int, Decimal | None]:
    """The latest target potential of each customer, as it stood on `as_of` when given (an
    audit or suggestion of a past date does not read later estimates); None when nobody
    had estimated it."""
    ids = sorted(set(customer_ids))
    latest = _latest(ids, as_of)
    return {pk: latest[pk].target if pk in latest else None for pk in ids}


def research_summaries(
    customer_ids: Iterable[int],
    *,
    today: dt.date,
    company: CompanySettings | None = None,
) -> dict[int, ResearchSummary]:
    """A `ResearchSummary` for every customer id given, in five queries whatever the count
    (four when the caller passes the `CompanySettings` it has already loaded)."""
    ids = sorted(set(customer_ids))
    if not ids:
        return {}
    company = company or CompanySettings.load()
    questions = {key: [q.as_field() for q in asked] for key, asked in active_questions().items()}
    scores: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    stale: dict[int, int] = defaultdict(int)
    for customer_id, key, data, updated_at in DossierSection.objects.filter(
        customer_id__in=ids
    ).values_list("customer_id", "key", "data", "updated_at"):
        if key not in dossier.BY_KEY:
            continue  # a section key retired from the code
        spec = dossier.section(key)
        scores[customer_id][key] = rules.section_score(
            dossier.section_values(spec, data, questions.get(key, []))
        )
        stale[customer_id] += rules.is_stale(
            timezone.localdate(updated_at), today, company.dossier_stale_days
        )
    risks = dict(
        EngagementRule.objects.filter(customer_id__in=ids, can_execute__in=sorted(rules.RISKY))
        .order_by()
        .values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
    )
    latest = _latest(ids)
    found = {}
    for pk in ids:
        mine = scores.get(pk, {})
        asked = [
            mine.get(spec.key) or (0, len(spec.fields) + len(questions.get(spec.key, [])))
            for spec in dossier.SECTIONS
        ]
        estimate = latest.get(pk)
        potential = estimate.target if estimate else None
        confidence = estimate.confidence if estimate else None
        found[pk] = ResearchSummary(
            completeness=rules.completeness(asked),
            stale_sections=stale.get(pk, 0),
            rule_risks=risks.get(pk, 0),
            target_potential=potential,
            confidence=confidence,
            worth_resources=rules.worth_resources(
                potential, confidence, company.min_target_potential, company.min_confidence
            ),
            estimated_on=estimate.estimated_on if estimate else None,
        )
    return found


# --- The research of one account, as its page and the API show it ------------------------


@dataclass
class FieldView:
    field: dossier.Field
    value: object
    error: str = ""  # set when a save failed, for the edit form

    @property
    def answered(self) -> bool:
        return rules.is_answered(self.value)

    @property
    def display(self) -> str:
        """The value in words, for reading and printing."""
        f, value = self.field, self.value
        if not rules.is_answered(value):
            return ""
        labels = dict(f.choices)
        if f.kind in ("yesno", "choice"):
            return str(labels.get(str(value), value))
        if f.kind == "checks":
            return ", ".join(str(labels.get(v, v)) for v in value)  # type: ignore[attr-defined]
        if f.kind == "int":
            return f"{value} {f.unit}".strip()
        return str(value)

    @property
    def rows(self) -> list[dict[str, str]]:
        if self.field.kind != "list" or not isinstance(self.value, list):
            return []
        return [row for row in self.value if isinstance(row, dict) and any(row.values())]

    @property
    def edit_rows(self) -> list[dict[str, str]]:
        """The rows plus blank ones to type into (all five of a top-5 list)."""
        rows = self.rows
        wanted = min(self.field.max_items, max(len(rows) + 2, 5))
        return rows + [{} for _blank in range(wanted - len(rows))]

    @property
    def checked(self) -> list[str]:
        return [str(v) for v in self.value] if isinstance(self.value, list) else []


@dataclass
class SectionView:
    spec: dossier.Section
    fields: list[FieldView]
    questions: list[FieldView]
    notes: str
    updated_at: dt.datetime | None
    updated_by: User | None
    is_stale: bool
    score: tuple[int, int]
    version: str = ""  # see actions.version_of

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def all_fields(self) -> list[FieldView]:
        return [*self.fields, *self.questions]

    @property
    def percent(self) -> int:
        return rules.completeness([self.score])


@dataclass
class PotentialView:
    latest: TargetPotential | None
    history: list[TargetPotential]
    current: Decimal  # T12M sales
    min_potential: Decimal
    min_confidence: int

    @property
    def target(self) -> Decimal | None:
        return self.latest.target if self.latest else None

    @property
    def wallet_share(self) -> Decimal | None:
        return rules.wallet_share(self.current, self.target)

    @property
    def headroom(self) -> Decimal | None:
        return rules.headroom(self.current, self.target)

    @property
    def worth_resources(self) -> bool | None:
        return rules.worth_resources(
            self.target,
            self.latest.confidence if self.latest else None,
            self.min_potential,
            self.min_confidence,
        )


@dataclass
class RuleView:
    kind: str
    label: str
    rule: EngagementRule | None  # None: a standard rule nobody has recorded yet
    # The form's values after a failed save, and its errors by field.
    posted: dict[str, str] | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, str]:
        if self.posted is not None:
            return self.posted
        rule = self.rule
        if rule is None:
            return {"can_execute": "unknown"}
        return {
            "title": rule.title,
            "requirement": rule.requirement,
            "can_execute": rule.can_execute,
            "how": rule.how,
            "owner": rule.owner.handle if rule.owner else "",
            "owner_text": rule.owner_text,
        }

    @property
    def is_risk(self) -> bool:
        return self.rule is not None and self.rule.is_risk

    @property
    def slot(self) -> str:
        """The rule's handle in URLs and element ids: the kind, or the custom row's id."""
        return str(self.rule.pk) if self.rule and self.kind == "custom" else self.kind


@dataclass
class Research:
    customer: Customer
    sections: list[SectionView]
    potential: PotentialView
    rules: list[RuleView]
    owners: list[Salesperson] = field(default_factory=list)

    @property
    def completeness(self) -> int:
        return rules.completeness(s.score for s in self.sections)

    @property
    def stale_sections(self) -> int:
        return sum(s.is_stale for s in self.sections)

    @property
    def risks(self) -> list[RuleView]:
        return [r for r in self.rules if r.is_risk]


def section_view(
    customer: Customer,
    spec: dossier.Section,
    row: DossierSection | None,
    questions: list[DossierQuestion],
    *,
    today: dt.date,
    stale_days: int,
    language: str,
) -> SectionView:
    data = row.data if row else {}
    extra = [q.as_field(language) for q in questions]
    fields = [FieldView(f, data.get(f.key)) for f in spec.fields]
    asked = [FieldView(f, data.get(f.key)) for f in extra]
    updated = row.updated_at if row else None
    return SectionView(
        spec=spec,
        fields=fields,
        questions=asked,
        notes=row.notes if row else "",
        updated_at=updated,
        updated_by=row.updated_by if row else None,
        is_stale=rules.is_stale(
            timezone.localdate(updated) if updated else None, today, stale_days
        ),
        score=rules.section_score(dossier.section_values(spec, data, extra)),
        version=updated.isoformat() if updated else "",
    )


def one_section(customer: Customer, key: str, *, today: dt.date) -> SectionView:
    row = (
        DossierSection.objects.filter(customer=customer, key=key)
        .select_related("updated_by")
        .first()
    )
    return section_view(
        customer,
        dossier.section(key),
        row,
        active_questions().get(key, []),
        today=today,
        stale_days=CompanySettings.load().dossier_stale_days,
        language=get_language() or "en",
    )


def rule_views(customer: Customer) -> list[RuleView]:
    """The ten standard rules (recorded or not) and the custom ones, in the method's order."""
    recorded = list(EngagementRule.objects.filter(customer=customer).select_related("owner__user"))
    standard = {r.kind: r for r in recorded if r.kind != EngagementRule.Kind.CUSTOM}
    views = [
        RuleView(kind, str(label), standard.get(kind))
        for kind, label in EngagementRule.Kind.choices
        if kind != EngagementRule.Kind.CUSTOM
    ]
    views += [
        RuleView(r.kind, r.title, r) for r in recorded if r.kind == EngagementRule.Kind.CUSTOM
    ]
    return views


def potential_view(customer: Customer, current: Decimal) -> PotentialView:
    company = CompanySettings.load()
    history = list(TargetPotential.objects.filter(customer=customer).select_related("created_by"))
    return PotentialView(
        latest=history[0] if history else None,
        history=history,
        current=current,
        min_potential=company.min_target_potential,
        min_confidence=company.min_confidence,
    )


def research(customer: Customer, *, today: dt.date, current: Decimal) -> Research:
    """Everything the customer page shows of the research, in a fixed number of queries."""
    company = CompanySettings.load()
    questions = active_questions()
    rows = {
        row.key: row
        for row in DossierSection.objects.filter(customer=customer).select_related("updated_by")
    }
    language = get_language() or "en"
    sections = [
        section_view(
            customer,
            spec,
            rows.get(spec.key),
            questions.get(spec.key, []),
            today=today,
            stale_days=company.dossier_stale_days,
            language=language,
        )
        for spec in dossier.SECTIONS
    ]
    return Research(
        customer=customer,
        sections=sections,
        potential=potential_view(customer, current),
        rules=rule_views(customer),
    )


def research_history(customer: Customer, limit: int = 300) -> list[history.Entry]:
    """Every recorded change of the customer's dossier and rules of engagement, newest first,
    field by field (M2, M4: "every change is kept in history")."""
    labels = {f.key: str(f.label) for s in dossier.SECTIONS for f in s.fields}
    language = get_language() or "en"
    labels.update({q.key: str(q.as_field(language).label) for q in DossierQuestion.objects.all()})
    return history.entries(
        [
            history.Source(
                DossierSection.history.filter(customer_id=customer.pk),
                subject=lambda row: (
                    str(dossier.section(row.key).title) if row.key in dossier.BY_KEY else row.key
                ),
                json_labels={"data": labels},
            ),
            history.Source(
                EngagementRule.history.filter(customer_id=customer.pk),
                subject=lambda row: row.title or str(EngagementRule.Kind(row.kind).label),
            ),
        ],
        limit=limit,
    )
