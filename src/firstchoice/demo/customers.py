"""The demo company's customers: ~600 with Chinese and English names, segments and payment
terms; most buy, some are prospects or lapsed. Their size drives the demo sales."""

from __future__ import annotations

import random

from firstchoice.customers.models import Customer
from firstchoice.teams.models import Salesperson

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


def _name(rng: random.Random, index: int) -> str:
    if index % 2 == 0:
        return f"{rng.choice(ZH_CITIES)}{rng.choice(ZH_CORES)}{rng.choice(ZH_TRADES)}有限公司"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_TRADES)} {rng.choice(EN_SUFFIX)}"


def create_customers(
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
