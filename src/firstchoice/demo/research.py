"""Demo account research (M2–M4) for this year's focus accounts: some dossiers well along,
some barely started, potentials with a trend, and a few rules we cannot execute — so the
board cards and customer pages show every state. Deterministic (seeded), written through
the same actions as the pages."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from firstchoice.customers import actions
from firstchoice.customers.models import Customer, DossierSection, EngagementRule
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.sales.queries import trailing_figures
from firstchoice.sales.rules import Figures
from firstchoice.teams.models import Salesperson, User

SEED = 4242
MARKETS = [
    "Automotive 汽车",
    "Medical devices 医疗器械",
    "Electronics 电子",
    "Packaging 包装",
    "Rail 轨道交通",
]
NAMES = [
    "SAIC Motor",
    "BYD",
    "Midea 美的",
    "Haier 海尔",
    "Gree 格力",
    "Foxconn 富士康",
    "CRRC 中车",
]
SECTION_VALUES: dict[str, dict[str, object]] = {
    "profile": {
        "company_type": "Contract manufacturer (OEM/ODM)",
        "ownership": "Private, founder-led 民营",
        "history": "Founded 1998 in Suzhou; second plant opened 2016.",
    },
    "delivery": {"delivery_days": 28, "pain_points": "Late component deliveries stop the line."},
    "technical": {"needs_support": "yes", "support_kind": "Material selection for new parts."},
    "design": {"design_weeks": 12},
    "supplier_reduction": {"supplier_reduction": "yes"},
    "special": {"special_requirements": ["packaging", "proof_of_delivery"]},
    "credit": {"pays_on_time": "yes", "credit_terms": "月结60天 / 60 days"},
}


def load(*, today: dt.date) -> int:
    """Research for every customer on this year's focus lists; returns how many."""
    rng = random.Random(SEED)
    entries = (
        PortfolioEntry.objects.filter(portfolio__year=today.year)
        .select_related("customer", "portfolio__salesperson__user")
        .order_by("portfolio__salesperson__code", "tier", "customer__code")
    )
    seen: set[int] = set()
    done = 0
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    figures = trailing_figures((e.customer_id for e in entries), today)
    for entry in entries:
        customer = entry.customer
        if customer.pk in seen:
            continue
        seen.add(customer.pk)
        actor = entry.portfolio.salesperson.user or admin
        _dossier(rng, actor, customer, today)
        _potentials(rng, actor, customer, figures.get(customer.pk, Figures()).amount, today)
        _rules(rng, actor, customer, entry.portfolio.salesperson)
        done += 1
    return done


def _dossier(rng: random.Random, actor: User | None, customer: Customer, today: dt.date) -> None:
    keys = list(SECTION_VALUES)
    chosen = keys[: rng.randint(0, len(keys))]
    for key in chosen:
        actions.update_section(
            actor=actor,
            customer=customer,
            key=key,
            values=SECTION_VALUES[key],
        )
    if rng.random() < 0.7:
        top = rng.sample(NAMES, 5)
        actions.update_section(
            actor=actor,
            customer=customer,
            key="market",
            values={
                "markets": [
                    {
                        "name": m,
                        "trend": rng.choice(["growing", "steady", "shrinking"]),
                        "share": str(rng.randint(1, 30)),
                    }
                    for m in rng.sample(MARKETS, 2)
                ],
                "competitors": [{"name": n} for n in rng.sample(NAMES, 2)],
                "price_pressure": rng.choice(["high", "medium", "low"]),
            },
        )
        actions.update_section(
            actor=actor,
            customer=customer,
            key="delivery",
            values={
                "delivery_days": rng.randint(7, 60),
                "top_customers": [{"name": n} for n in top],
            },
            partial=True,
        )
    if chosen and rng.random() < 0.3:
        # An old section: shown as stale.
        old = timezone.now() - dt.timedelta(days=rng.randint(200, 400))
        DossierSection.objects.filter(customer=customer, key=chosen[0]).update(updated_at=old)


def _potentials(
    rng: random.Random, actor: User | None, customer: Customer, current: Decimal, today: dt.date
) -> None:
    if rng.random() < 0.2:
        return  # potential unknown: shown as "—"
    base = max(current, Decimal(50_000)) * Decimal(rng.choice([2, 3, 4, 6]))
    for months_ago, growth in ((14, Decimal("0.8")), (7, Decimal("0.9")), (1, Decimal(1))):
        if months_ago == 14 and rng.random() < 0.5:
            continue
        total = (base * growth).quantize(Decimal(1))
        actions.add_potential(
            actor=actor,
            customer=customer,
            estimated_on=today - dt.timedelta(days=30 * months_ago),
            total=total,
            other_channels=(total * Decimal(rng.choice([0, 10, 20, 35])) / 100).quantize(
                Decimal(1)
            ),
            confidence=rng.choice([30, 50, 60, 75, 90]),
            source=rng.choice(
                ["Purchasing manager interview", "采购经理访谈", "Annual report 年报"]
            ),
        )


def _rules(rng: random.Random, actor: User | None, customer: Customer, owner: Salesperson) -> None:
    kinds = rng.sample([k for k in EngagementRule.Kind.values if k != "custom"], rng.randint(0, 4))
    for kind in kinds:
        can = rng.choices(["yes", "partly", "no", "unknown"], weights=[6, 2, 1, 1])[0]
        actions.save_rule(
            actor=actor,
            customer=customer,
            kind=kind,
            requirement="Required by their purchasing terms 采购条款要求",
            can_execute=can,
            how="Through our regional warehouse" if can in ("yes", "partly") else "",
            owner=owner if rng.random() < 0.5 else None,
            owner_text="" if rng.random() < 0.5 else "Credit department 信用部",
        )
