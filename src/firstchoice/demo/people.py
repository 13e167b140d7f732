"""Demo key people (M5) for this year's focus accounts: three- to four-level org charts,
some accounts with no coach, some charts not confirmed for months, one large chart, and our
own account teams with the people they cover. Deterministic (seeded), written through the
same actions as the pages; only the dates are moved back afterwards, to age the entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.customers.research import competitor_names
from firstchoice.people import actions, influence
from firstchoice.people.actions import PersonData
from firstchoice.people.models import InfluenceLine, KeyPerson
from firstchoice.portfolio.models import PortfolioEntry
from firstchoice.teams.models import User

SEED = 5555
SURNAMES = [
    ("Zhao", "赵"), ("Qian", "钱"), ("Sun", "孙"), ("Zhou", "周"), ("Wu", "吴"), ("Zheng", "郑"),
    ("Feng", "冯"), ("Chen", "陈"), ("He", "何"), ("Lü", "吕"), ("Xu", "徐"), ("Gao", "高"),
]  # fmt: skip
GIVEN = [
    ("Min", "敏"), ("Jun", "军"), ("Hua", "华"), ("Lei", "磊"), ("Yan", "燕"), ("Tao", "涛"),
    ("Jing", "静"), ("Bo", "波"), ("Xin", "欣"), ("Peng", "鹏"), ("Li", "丽"), ("Qiang", "强"),
]  # fmt: skip
# (department, level, titles top down): the chart hangs off a general manager.
DEPARTMENTS = [
    ("Purchasing 采购部", ["Purchasing director 采购总监", "Category manager", "Buyer 采购员"]),
    ("Engineering 工程部", ["Chief engineer 总工程师", "Design engineer", "Technician 技术员"]),
    ("Quality 质量部", ["Quality manager 质量经理", "Supplier quality engineer", "Inspector"]),
    ("Production 生产部", ["Plant manager 厂长", "Line supervisor 班组长", "Operator 操作工"]),
    ("Logistics 物流部", ["Logistics manager", "Warehouse lead 仓库主管", "Receiving clerk"]),
]
LEVELS = ["division", "site", "shop_floor"]
PAINS = [
    "Late deliveries stop the line. 交货延迟导致停线。",
    "Too many suppliers to manage; wants fewer, better ones.",
    "Quality escapes found by their customer.",
    "Price pressure from head office: -3% a year.",
    "No engineering support for the new product launch.",
    "",
    "",
]
INFLUENCE_NOTES = {
    "informal": ["Old classmates; lunch together every week.", "同乡，私下关系很好。", ""],
    "peer": ["Same rank; they decide supplier changes together.", "平级，共同评审供应商。"],
    "adviser": [
        "Former director, still consulted on big purchases.",
        "外部顾问，大额采购会征求意见。",
    ],
}
OUR_ROLES = [
    ("Application engineer", "Yang Kai 杨凯"),
    ("Sales director", "Morgan Lee"),
    ("Customer service", "Xu Lan 徐兰"),
    ("Quality engineer", "Peter Hall"),
]


def load(*, today: dt.date) -> int:
    """Key people for every customer on this year's focus lists; returns how many accounts."""
    rng = random.Random(SEED)
    entries = (
        PortfolioEntry.objects.filter(portfolio__year=today.year)
        .select_related("customer", "portfolio__salesperson__user")
        .order_by("portfolio__salesperson__code", "tier", "customer__code")
    )
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    seen: set[int] = set()
    # Roles, influence and influence lines draw from their own sequence, so the charts,
    # ages and account teams stay what they were before issue 18.
    rel = random.Random(SEED + 18)
    for index, entry in enumerate(entries):
        if entry.customer_id in seen:
            continue
        seen.add(entry.customer_id)
        actor = entry.portfolio.salesperson.user or admin
        assert actor is not None
        size = 40 if index == 0 else rng.randint(3, 10)
        people = _chart(rng, actor, entry.customer, size, coach=rng.random() > 0.3)
        uncovered = _relationships(rel, actor, entry.customer, people)
        _age(rng, people, today, stale=rng.random() < 0.25)
        _ours(rng, actor, entry.customer, people, entry.portfolio.salesperson.name, uncovered)
    return len(seen)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        (s, sz), (g, gz) = rng.choice(SURNAMES), rng.choice(GIVEN)
        name = f"{s} {g} {sz}{gz}"
        if name not in used:
            used.add(name)
            return name


def _chart(
    rng: random.Random, actor: User, customer: Customer, size: int, *, coach: bool
) -> list[KeyPerson]:
    used: set[str] = set()
    top = actions.create_key_person(
        actor=actor,
        customer=customer,
        data=PersonData(
            name=_name(rng, used),
            department="Management 管理层",
            title="General manager 总经理",
            level="head_office",
            engagement=rng.choice([2, 3, 3, 4]),
            pains=rng.choice(PAINS),
            email=f"gm@{customer.code.lower()}.example.com",
        ),
    )
    people = [top]
    departments = rng.sample(DEPARTMENTS, k=min(len(DEPARTMENTS), max(2, size // 3)))
    heads: dict[str, list[KeyPerson]] = {}
    for n in range(size - 1):
        department, titles = departments[n % len(departments)]
        chain = heads.setdefault(department, [])
        depth = min(len(chain), 2)
        boss = top if depth == 0 else rng.choice(chain[:1] if depth == 1 else chain)
        person = actions.create_key_person(
            actor=actor,
            customer=customer,
            data=PersonData(
                name=_name(rng, used),
                department=department,
                title=titles[depth],
                level=LEVELS[depth],
                engagement=rng.choice([1, 2, 2, 3, 3, 3, 4, 5, None]),
                pains=rng.choice(PAINS),
                phone=f"+86 21 {rng.randint(5000, 6999)} {rng.randint(1000, 9999)}",
                reports_to=boss,
            ),
        )
        chain.append(person)
        people.append(person)
    if coach:
        chosen = rng.choice(people[1:] or people)
        chosen.is_coach = True
        actions.update_key_person(
            actor=actor,
            person=chosen,
            data=PersonData(
                **{name: getattr(chosen, name) for name in actions.PERSON_FIELDS},
            ),
        )
    return people


def _age(rng: random.Random, people: list[KeyPerson], today: dt.date, *, stale: bool) -> None:
    """Date the entries (and their history) back: some charts kept fresh, some forgotten."""
    now = timezone.now()
    for person in people:
        days = rng.randint(200, 500) if stale else rng.randint(5, 150)
        when = now - dt.timedelta(days=days)
        KeyPerson.objects.filter(pk=person.pk).update(confirmed_at=when)
        # Creation records move back with it, so "as of" a past date shows an older chart.
        person.history.filter(history_type="+").update(history_date=when - dt.timedelta(days=30))


def _relationships(
    rng: random.Random, actor: User, customer: Customer, people: list[KeyPerson]
) -> KeyPerson | None:
    """Buying roles, influence and influence lines, with the defects the flags look for:
    some accounts with no economic buyer, one nobody of ours covers (returned, so the
    account team leaves them out) or one against us, and a few high-influence people who
    favour one of the dossier's competitors."""
    top, rest = people[0], people[1:]
    changes: dict[int, dict[str, Any]] = {p.pk: {} for p in people}
    for p in rest:
        dept = p.department.split(" ")[0]
        head = p.level == "division"
        changes[p.pk]["influence"] = rng.choice(
            ["high", "medium", "medium"] if head else ["medium", "low", "low", ""]
        )
        if head and dept in ("Engineering", "Quality"):
            changes[p.pk]["is_technical_buyer"] = True
        elif dept == "Production" and p.level in ("division", "site"):
            changes[p.pk]["is_user_buyer"] = rng.random() < 0.7
        elif dept == "Purchasing" and p.level == "site":
            changes[p.pk]["is_gatekeeper"] = rng.random() < 0.6
    uncovered: KeyPerson | None = None
    case = rng.random()
    if case >= 0.15:  # else: nobody marked economic buyer
        buyer = top
        if case < 0.3 and rest:  # the purchasing director decides, and nobody of ours knows
            heads = [p for p in rest if p.level == "division"]
            buyer = rng.choice(heads or rest)
            uncovered = buyer
        changes[buyer.pk]["is_economic_buyer"] = True
        if case > 0.9:
            changes[buyer.pk]["engagement"] = 4  # the one who signs prefers someone else
    changes[top.pk]["influence"] = "high"
    competitors = competitor_names(customer)
    if competitors and rest and rng.random() < 0.35:
        backer = rng.choice(rest)
        changes[backer.pk].update(
            influence="high", favours_competitor=rng.choice(competitors), engagement=4
        )
    for p in people:
        if changes[p.pk]:
            data = PersonData(**{name: getattr(p, name) for name in actions.PERSON_FIELDS})
            actions.update_key_person(
                actor=actor, person=p, data=dataclasses.replace(data, **changes[p.pk])
            )
    if len(people) >= 4:
        pairs = [(a, b) for a in people for b in people if a.pk != b.pk]
        for source, target in rng.sample(pairs, k=min(len(people) // 5 + 1, 6)):
            if source.reports_to_id == target.pk or target.reports_to_id == source.pk:
                continue  # a reporting line says it already
            if InfluenceLine.objects.filter(source=source, target=target).exists():
                continue
            kind = rng.choice(["informal", "informal", "peer", "adviser"])
            influence.create_influence_line(
                actor=actor,
                customer=customer,
                source=source,
                target=target,
                kind=kind,
                note=rng.choice(INFLUENCE_NOTES[kind]),
            )
    return uncovered


def _ours(
    rng: random.Random,
    actor: User,
    customer: Customer,
    people: list[KeyPerson],
    seller: str,
    uncovered: KeyPerson | None = None,
) -> None:
    people = [p for p in people if p != uncovered]
    actions.add_our_person(
        actor=actor,
        customer=customer,
        name=seller,
        role="Account manager",
        rank=1,
        user=actor,
        covers=[p for p in people if p.level in ("head_office", "division")][:4],
    )
    for rank, (role, name) in enumerate(rng.sample(OUR_ROLES, rng.randint(0, 2)), start=2):
        actions.add_our_person(
            actor=actor,
            customer=customer,
            name=name,
            role=role,
            rank=rank,
            covers=rng.sample(people, k=min(len(people), rng.randint(0, 3))),
        )
