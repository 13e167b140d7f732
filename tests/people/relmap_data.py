"""A large mapped account for the relationship-map tests: `size` people in a real tree
(a general manager, department heads, their teams), Chinese and English names and titles,
buying roles, influence, influence lines, a competitor's backer and our account team."""

from __future__ import annotations

from django.utils import timezone

from firstchoice.customers.models import Customer, DossierSection
from firstchoice.people import actions, influence
from firstchoice.people.actions import PersonData
from firstchoice.people.models import KeyPerson, OurPerson
from firstchoice.teams.models import User

DEPARTMENTS = [
    ("Purchasing 采购部", "采购总监 Purchasing director", "采购员 Buyer"),
    ("Engineering 工程部", "总工程师 Chief engineer", "设计工程师 Design engineer"),
    ("Quality 质量部", "质量经理 Quality manager", "供应商质量工程师 SQE"),
    ("Production 生产部", "厂长 Plant manager", "班组长 Line supervisor"),
    ("Logistics 物流部", "物流经理 Logistics manager", "仓库主管 Warehouse lead"),
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"


def big_account(customer: Customer, actor: User, size: int = 40) -> list[KeyPerson]:
    DossierSection.objects.update_or_create(
        customer=customer,
        key="market",
        defaults={
            "data": {"competitors": [{"name": "Acme Valves"}, {"name": "北方阀门"}]},
            "updated_at": timezone.now(),
        },
    )

    def add(n: int, **kw: object) -> KeyPerson:
        given = "伟芳娜敏静丽强磊军洋"[n % 10]
        latin = ["Wei", "Fang", "Na", "Min", "Jing"][n % 5]
        name = f"{SURNAMES[n % len(SURNAMES)]}{given} {latin}"
        return actions.create_key_person(
            actor=actor,
            customer=customer,
            data=PersonData(name=name, **kw),  # type: ignore[arg-type]
        )

    gm = add(0, department="Management 管理层", title="总经理 General manager",
             level="head_office", engagement=3, is_economic_buyer=True,
             influence="high")  # fmt: skip
    people = [gm]
    heads: list[KeyPerson] = []
    for d, (dept, head_title, _staff) in enumerate(DEPARTMENTS):
        head = add(len(people), department=dept, title=head_title, level="division",
                   reports_to=gm, engagement=[1, 2, 4, 3, 5][d],
                   influence="high" if d < 2 else "medium",
                   is_technical_buyer=d in (1, 2), is_user_buyer=d == 3)  # fmt: skip
        heads.append(head)
        people.append(head)
    n = len(people)
    while len(people) < size:
        d = n % len(DEPARTMENTS)
        dept, _head, staff = DEPARTMENTS[d]
        person = add(n, department=dept, title=staff, level="site", reports_to=heads[d],
                     engagement=[2, 3, None, 3, 4][n % 5], influence=["low", "medium", ""][n % 3],
                     is_coach=n == 8, is_gatekeeper=n == 6,
                     favours_competitor="北方阀门" if n == 12 else "")  # fmt: skip
        people.append(person)
        n += 1
    # A high-influence head favouring a competitor raises the red flag.
    actions.update_key_person(
        actor=actor,
        person=heads[2],
        data=PersonData(
            **{
                f: getattr(heads[2], f)
                for f in actions.PERSON_FIELDS
                if f not in ("favours_competitor", "influence")
            },
            favours_competitor="Acme Valves",
            influence="high",
        ),
    )
    for source, target, kind in (
        (people[8], gm, "informal"), (heads[1], heads[3], "peer"),
        (people[-1], heads[0], "adviser"), (people[12], heads[2], "informal"),
    ):  # fmt: skip
        influence.create_influence_line(
            actor=actor, customer=customer, source=source, target=target, kind=kind,
            note="同乡 / old classmates",
        )  # fmt: skip
    actions.add_our_person(actor=actor, customer=customer, name="Li Wei 李伟",
                           role="客户经理 Account manager", covers=[gm, heads[0]])  # fmt: skip
    actions.add_our_person(actor=actor, customer=customer, name="Yang Kai 杨凯",
                           role="应用工程师 Application engineer", rank=2,
                           covers=[heads[1], heads[2], people[8]])  # fmt: skip
    assert OurPerson.objects.filter(customer=customer).count() == 2
    return people
