"""The demo company's staff: two teams, their managers, ten salespeople and an administrator.
Every password is `DEMO_PASSWORD` (development data only)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from firstchoice.teams.models import Salesperson, Team, User

DEMO_PASSWORD = "demo"  # noqa: S105 — development data only

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


def create_staff() -> tuple[list[User], dict[str, Salesperson], User]:
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
