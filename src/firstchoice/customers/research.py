"""Reads of the account research (M2 dossier, M3 target potential, M4 rules of
engagement) of customers already obtained through a scoped lookup
(`portfolio.scoping.customer_for_user`) or by id from a scoped list: summaries for boards,
audits, reviews and coaching, and one account's sections and rules as its page shows them.
How the potential compares with current sales is the customer page's business
(`pages.customers.research`): sales sit above this layer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Window
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
from firstchoice.lib.http import digits
from firstchoice.teams.models import CompanySettings, User

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
    version: int = 0  # 0 until the first save; lib.edits refuses a stale one

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
        version=row.version if row else 0,
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


def section_views(customer: Customer, *, today: dt.date) -> list[SectionView]:
    """Every section of the customer's dossier with its answers, in three queries."""
    company = CompanySettings.load()
    questions = active_questions()
    rows = {
        row.key: row
        for row in DossierSection.objects.filter(customer=customer).select_related("updated_by")
    }
    language = get_language() or "en"
    return [
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


def custom_rule(customer: Customer, slot: str) -> EngagementRule:
    """The customer's own custom rule named by a URL slot (its id, ASCII digits); 404 for
    anything else, including another customer's rule."""
    pk = digits(slot)
    rule = (
        EngagementRule.objects.filter(
            customer=customer, kind=EngagementRule.Kind.CUSTOM, pk=pk
        ).first()
        if pk is not None
        else None
    )
    if rule is None:
        raise Http404("No such rule")
    return rule


def competitor_names(customer: Customer) -> list[str]:
    """The competitors the dossier lists (market profile), as typed, in their order."""
    section = DossierSection.objects.filter(customer=customer, key="market").first()
    items = section.data.get("competitors") if section else None
    names = [str(i.get("name", "")).strip() for i in items or [] if isinstance(i, dict)]
    return list(dict.fromkeys(n for n in names if n))
