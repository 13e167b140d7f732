"""A deterministic demo company: 2 teams, 13 users, ~600 customers, 3 years of sales.

Development data only (passwords are `demo`). The same seed and the same `today` give the
same data. Portfolios are written through the portfolio actions, like any user's change,
and carry realistic defects for the manager views to find: a short tier, a COD customer
in tier A, a customer on two salespeople's lists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from firstchoice.customers.models import Customer
from firstchoice.demo import coaching as demo_coaching
from firstchoice.demo import people as demo_people
from firstchoice.demo import plans as demo_plans
from firstchoice.demo import research
from firstchoice.demo import reviews as demo_reviews
from firstchoice.lib.dates import add_months, last_day_of_month
from firstchoice.portfolio import actions
from firstchoice.sales.actions import refresh_rollups
from firstchoice.sales.models import SalesLine
from firstchoice.sales.queries import trailing_figures
from firstchoice.teams.models import CompanySettings, Salesperson, Team, User

DEMO_PASSWORD = "demo"  # noqa: S105 — development data only
SEED = 5155

REPS = [
    ("rep1", "Li", "Wei", "李伟", "east"),
    ("rep2", "Wang", "Fang", "王芳", "east"),
    ("rep3", "Emma", "Clarke", "", "east"),
    ("rep4", "Zhang", "Min", "张敏", "east"),
    ("rep5", "Daniel", "Ortiz", "", "east"),
    ("rep6", "Chen", "Jing", "陈静", "south"),
    ("rep7", "Liu", "Yang", "刘洋", "south"),
    ("rep8", "Sophie", "Müller", "", "south"),
    ("rep9", "Huang", "Lei", "黄磊", "south"),
    ("rep10", "Arjun", "Mehta", "", "south"),
]
ZH_CITIES = [
    "上海",
    "苏州",
    "杭州",
    "宁波",
    "南京",
    "无锡",
    "广州",
    "深圳",
    "东莞",
    "佛山",
    "厦门",
    "天津",
]
ZH_CORES = [
    "精工",
    "华创",
    "恒达",
    "宏远",
    "鼎盛",
    "新力",
    "瑞丰",
    "博特",
    "联合",
    "永信",
    "金桥",
    "天成",
    "众合",
    "凯达",
    "明辉",
]
ZH_TRADES = [
    "机械",
    "电子",
    "汽车零部件",
    "包装",
    "化工",
    "建材",
    "医疗器械",
    "电气",
    "模具",
    "食品",
]
EN_FIRST = [
    "Northwind",
    "Bluewater",
    "Summit",
    "Redwood",
    "Harbor",
    "Ironbridge",
    "Silverline",
    "Keystone",
    "Pioneer",
    "Evergreen",
    "Granite",
    "Atlas",
    "Crescent",
    "Falcon",
    "Orchid",
]
EN_TRADES = [
    "Fasteners",
    "Electronics",
    "Packaging",
    "Automation",
    "Plastics",
    "Components",
    "Fabrication",
    "Hydraulics",
    "Controls",
    "Logistics",
]
EN_SUFFIX = ["Ltd", "Co.", "Inc.", "GmbH", "Pte Ltd"]
SEGMENTS = ["OEM", "Distributor", "Contractor", "MRO", "Government"]
TERMS = ["NET30"] * 12 + ["NET60"] * 4 + ["NET45"] * 2 + ["COD"] * 3


@dataclass
class Summary:
    created: bool
    users: int = 0
    customers: int = 0
    sales_lines: int = 0
    portfolio_entries: int = 0


def already_loaded() -> bool:
    return Salesperson.objects.filter(code="rep1").exists()


def load(*, today: dt.date | None = None, customers: int = 600, seed: int = SEED) -> Summary:
    """Create the demo company unless it exists (idempotent)."""
    if already_loaded():
        return Summary(created=False)
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        settings = CompanySettings.load()
        settings.company_name = "Demo Industrial Supply 示范工业供应"
        # A real company sets a floor under "worth the resources?" (M3) and the audit (M8).
        settings.min_target_potential = Decimal(100_000)
        settings.save()
        users, salespeople, admin = _people()
        made = _customers(rng, customers, salespeople)
        _sales(rng, made, today)
        refresh_rollups()
        entries = _portfolios(admin, salespeople, made, today)
        link_duplicate(today)
        refresh_rollups()
        research.load(today=today)
        demo_people.load(today=today)
        demo_plans.load(today=today)
        demo_coaching.load(today=today)
        demo_reviews.load(today=today)
    return Summary(
        created=True,
        users=len(users),
        customers=len(made),
        sales_lines=SalesLine.objects.count(),
        portfolio_entries=entries,
    )


def _people() -> tuple[list[User], dict[str, Salesperson], User]:
    password = make_password(DEMO_PASSWORD)  # hash once: PBKDF2 per user would take seconds
    east = Team.objects.create(name="East 华东", slug="east")
    south = Team.objects.create(name="South 华南", slug="south")
    teams = {"east": east, "south": south}
    admin = User.objects.create(
        username="admin",
        first_name="Ada",
        last_name="Admin",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    manager = User.objects.create(
        username="manager", first_name="Morgan", last_name="Lee", password=password
    )
    manager1 = User.objects.create(
        username="manager1",
        first_name="Zhou",
        last_name="Qiang",
        password=password,
        language="zh-hans",
    )
    manager2 = User.objects.create(
        username="manager2", first_name="Grace", last_name="Tan", password=password
    )
    east.managers.add(manager, manager1)
    south.managers.add(manager, manager2)
    users = [admin, manager, manager1, manager2]
    salespeople = {}
    for username, first, last, chinese, team in REPS:
        user = User.objects.create(
            username=username, first_name=first, last_name=last, password=password
        )
        users.append(user)
        name = f"{first} {last}" + (f" {chinese}" if chinese else "")
        salespeople[username] = Salesperson.objects.create(
            code=username, name=name, user=user, team=teams[team]
        )
    return users, salespeople, admin


def _name(rng: random.Random, index: int) -> str:
    if index % 2 == 0:
        return f"{rng.choice(ZH_CITIES)}{rng.choice(ZH_CORES)}{rng.choice(ZH_TRADES)}有限公司"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_TRADES)} {rng.choice(EN_SUFFIX)}"


def _customers(
    rng: random.Random, count: int, salespeople: dict[str, Salesperson]
) -> list[tuple[Customer, float, int]]:
    """(customer, yearly size, months ago business stopped or -1 for never bought)."""
    reps = list(salespeople.values())
    rows = []
    for i in range(count):
        roll = rng.random()
        # ~18% prospects that never bought, ~6% lapsed more than a year ago.
        if roll < 0.18:
            size, lapsed, status = 0.0, -1, Customer.Status.PROSPECT
        elif roll < 0.24:
            size, lapsed, status = (
                rng.paretovariate(1.3) * 40_000,
                rng.randint(13, 30),
                Customer.Status.INACTIVE,
            )
        else:
            size, lapsed, status = rng.paretovariate(1.3) * 40_000, 0, Customer.Status.ACTIVE
        owner = None if rng.random() < 0.05 else reps[i % len(reps)]
        customer = Customer(
            code=f"C{10001 + i}",
            name=_name(rng, i),
            owner=owner,
            segment=rng.choice(SEGMENTS),
            payment_terms=rng.choice(TERMS),
            status=status,
        )
        rows.append((customer, min(size, 4_000_000.0), lapsed))
    Customer.objects.bulk_create([c for c, _s, _l in rows], batch_size=500)
    saved = {c.code: c for c in Customer.objects.filter(code__in=[c.code for c, _s, _l in rows])}
    return [(saved[c.code], size, lapsed) for c, size, lapsed in rows]


def _sales(rng: random.Random, customers: list[tuple[Customer, float, int]], today: dt.date) -> int:
    first_month = add_months(today.replace(day=1), -35)
    lines: list[SalesLine] = []
    total = 0
    invoice = 0
    for customer, size, lapsed in customers:
        if size <= 0:
            continue
        growth = rng.uniform(-0.15, 0.35)
        for m in range(36):
            month = add_months(first_month, m)
            months_back = 35 - m
            if lapsed > 0 and months_back < lapsed:
                continue
            yearly = size * (1 + growth) ** ((m - 18) / 12)
            n_lines = max(1, round(rng.gauss(6.5, 2.5)))
            last_day = (
                today.day
                if month.year == today.year and month.month == today.month
                else last_day_of_month(month.year, month.month)
            )
            for line in range(n_lines):
                if line % 3 == 0:
                    invoice += 1
                amount = Decimal(str(round(yearly / 12 / n_lines * rng.uniform(0.4, 1.6), 2)))
                if rng.random() < 0.01:
                    amount = -amount  # a credit note
                margin = (amount * Decimal(str(round(rng.uniform(0.08, 0.32), 3)))).quantize(
                    Decimal("0.01")
                )
                lines.append(
                    SalesLine(
                        invoice_date=month.replace(day=rng.randint(1, last_day)),
                        customer=customer,
                        salesperson=customer.owner,
                        amount=amount,
                        margin=margin,
                        payment_terms=customer.payment_terms,
                        invoice_no=f"INV{month:%y%m}-{invoice:06d}",
                        line_no=str(line % 3 + 1),
                    )
                )
            if len(lines) >= 20_000:
                SalesLine.objects.bulk_create(lines, batch_size=2_000)
                total += len(lines)
                lines = []
    SalesLine.objects.bulk_create(lines, batch_size=2_000)
    return total + len(lines)


def _t12m(customers: list[tuple[Customer, float, int]], as_of: dt.date) -> dict[int, Decimal]:
    figures = trailing_figures([c.pk for c, _s, _l in customers], as_of)
    return {pk: f.amount for pk, f in figures.items()}


def _portfolios(
    admin: User,
    salespeople: dict[str, Salesperson],
    customers: list[tuple[Customer, float, int]],
    today: dt.date,
) -> int:
    entries = 0
    for year in (today.year - 1, today.year):
        as_of = min(today, dt.date(year, 12, 31))
        sales = _t12m(customers, dt.date(year - 1, 12, 31))
        planning = timezone.make_aware(dt.datetime(year, 1, 6, 9, 30))
        # Prospects nobody owns yet: tier C candidates for reps short of their own.
        unowned = [c for c, _s, _l in customers if c.owner_id is None and sales.get(c.pk, 0) <= 0]
        for person in salespeople.values():
            entries += _one_portfolio(
                admin, person, year, customers, sales, planning, as_of, unowned
            )
    return entries


def _one_portfolio(
    admin: User,
    person: Salesperson,
    year: int,
    customers: list[tuple[Customer, float, int]],
    sales: dict[int, Decimal],
    planning: dt.datetime,
    as_of: dt.date,
    unowned: list[Customer],
) -> int:
    actor = person.user or admin
    owned = [c for c, _s, _l in customers if c.owner_id == person.pk]
    buying = sorted((c for c in owned if sales.get(c.pk, 0) > 0), key=lambda c: -sales[c.pk])
    not_buying = [c for c in owned if sales.get(c.pk, 0) <= 0]
    tier_a = [c for c in buying if not c.is_cod][:5]
    tier_b = [c for c in buying[len(buying) // 3 :] if c not in tier_a and not c.is_cod][:5]
    tier_c = not_buying[:8]
    while len(tier_c) < 7 and unowned:
        tier_c.append(unowned.pop())

    handle = person.code
    if handle == "rep5":  # defect: a cash-on-delivery customer in tier A
        cod = next((c for c in buying if c.is_cod), None)
        if cod is not None:
            tier_a = [*tier_a[:4], cod]
    if handle == "rep3":  # defect: a short tier B
        tier_b = tier_b[:4]

    def add(customer: Customer, tier: str, reason: str, at: dt.datetime) -> None:
        actions.add_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=customer,
            tier=tier,
            reason=reason,
            at=at,
        )

    count = 0
    for customer in tier_a:
        add(customer, "A", "Annual planning: large account, below potential", planning)
        count += 1
    for customer in tier_b:
        add(customer, "B", "Annual planning: some business, real potential much higher", planning)
        count += 1
    for customer in tier_c[:5]:
        add(customer, "C", "Annual planning: no business yet, fits our segments", planning)
        count += 1

    if year == as_of.year and handle in ("rep1", "rep2", "rep6", "rep7") and len(tier_c) >= 7:
        # Tier C rotates: one account won and promoted, one dropped, two new ones in.
        won_at = planning + dt.timedelta(days=150)
        if len(tier_b) >= 5:
            actions.remove_entry(
                actor=actor,
                salesperson=person,
                year=year,
                customer=tier_b[-1],
                reason="Potential re-estimated: smaller than thought",
                at=won_at - dt.timedelta(days=1),
            )
        actions.move_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=tier_c[0],
            to_tier="B",
            reason="Won: first orders placed after the trial",
            at=won_at,
        )
        _first_orders(tier_c[0], person, won_at.date(), as_of)
        add(tier_c[5], "C", "New prospect from the trade show", won_at + dt.timedelta(days=3))
        actions.remove_entry(
            actor=actor,
            salesperson=person,
            year=year,
            customer=tier_c[1],
            reason="Dropped: chose a competitor on a 3-year contract",
            at=won_at + dt.timedelta(days=60),
        )
        add(
            tier_c[6],
            "C",
            "Referred by our coach at a tier A account",
            won_at + dt.timedelta(days=62),
        )
        count += 1
    return count


def _first_orders(customer: Customer, person: Salesperson, since: dt.date, until: dt.date) -> None:
    """A won account starts buying: a couple of invoice lines a month since the win."""
    rng = random.Random(customer.code)
    lines = []
    day = since
    while day <= until:
        for line in (1, 2):
            amount = Decimal(str(round(rng.uniform(3_000, 9_000), 2)))
            lines.append(
                SalesLine(
                    invoice_date=day,
                    customer=customer,
                    salesperson=person,
                    amount=amount,
                    margin=(amount * Decimal("0.22")).quantize(Decimal("0.01")),
                    payment_terms=customer.payment_terms,
                    invoice_no=f"INV{day:%y%m}-W{customer.pk:05d}",
                    line_no=str(line),
                )
            )
        day += dt.timedelta(days=30)
    SalesLine.objects.bulk_create(lines)
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.ACTIVE)


def link_duplicate(today: dt.date) -> None:
    """Put one of rep2's tier A customers on rep4's list too (the two-lists defect)."""
    rep2 = Salesperson.objects.get(code="rep2")
    rep4 = Salesperson.objects.get(code="rep4")
    entry = rep2.portfolios.get(year=today.year).entries.filter(tier="A").order_by("id").first()
    portfolio = rep4.portfolios.get(year=today.year)
    if entry is None or rep4.user is None:
        return
    # Make room in rep4's tier B so the demo keeps its 5+5+5 shape apart from the duplicate.
    last_b = portfolio.entries.filter(tier="B").order_by("-id").first()
    if last_b is not None:
        actions.remove_entry(
            actor=rep4.user,
            salesperson=rep4,
            year=today.year,
            customer=last_b.customer,
            reason="Handed over to the key-account team",
        )
    actions.add_entry(
        actor=rep4.user,
        salesperson=rep4,
        year=today.year,
        customer=entry.customer,
        tier="B",
        reason="Their new plant is in my territory",
    )
