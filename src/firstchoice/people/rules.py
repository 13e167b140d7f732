"""Pure rules of M5: reporting lines, freshness, the org-chart tree and the account flags.

No Django import: everything here is tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

LEVELS = ("head_office", "division", "site", "shop_floor")  # top down
ENGAGEMENT_LEVELS = (1, 2, 3, 4, 5)
# "Engaged" for single-threading means engagement 1 or 2 (1 = highest, METHOD.md M5).
ENGAGED_AT_MOST = 2
MIN_ENGAGED = 2
# The chart as a whole is stale when more than this share of its entries is stale: one
# forgotten shop-floor contact among two hundred should not flag an account, a quarter should.
CHART_STALE_SHARE = 0.25

_PHONE_DIGITS = re.compile(r"\d")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 20


def valid_phone(raw: str) -> bool:
    """Enough digits to dial (6–20); the allowed characters are checked by the field."""
    digits = len(_PHONE_DIGITS.findall(raw))
    return MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS


def reporting_cycle(
    person: int, boss: int | None, boss_of: Mapping[int, int | None]
) -> list[int] | None:
    """The ids that would form a loop if `person` reported to `boss`, else None.

    Returned in chain order starting with `person` (person → boss → … → person), so the
    message can name everyone involved. `boss_of` holds the current lines of the customer.
    """
    if boss is None:
        return None
    chain = [person]
    seen = {person}
    current: int | None = boss
    while current is not None:
        if current == person:
            return chain
        if current in seen:  # an existing loop elsewhere; not ours to report
            return None
        chain.append(current)
        seen.add(current)
        current = boss_of.get(current)
    return None


def is_stale(confirmed_on: dt.date | None, today: dt.date, stale_days: int) -> bool:
    """An entry never confirmed, or confirmed more than `stale_days` ago, is stale."""
    return confirmed_on is None or (today - confirmed_on).days > stale_days


def age_days(confirmed_on: dt.date | None, today: dt.date) -> int | None:
    return None if confirmed_on is None else max((today - confirmed_on).days, 0)


ROLES = ("economic_buyer", "user_buyer", "technical_buyer", "coach", "gatekeeper")
INFLUENCES = ("high", "medium", "low")
# Engagement 4–5 (sceptic, opponent): an economic buyer there is a red flag.
COLD_FROM = 4


class PersonFacts(NamedTuple):
    id: int
    level: str
    engagement: int | None
    is_coach: bool
    confirmed_on: dt.date | None
    has_pains: bool
    economic_buyer: bool = False
    influence: str = ""  # high, medium, low; "" = not judged
    favours_competitor: str = ""
    covered: bool = False  # one of our people covers them


# The red flags of an account's people, in the order they are shown (issue 18, M5).
RED_FLAGS = (
    "no_economic_buyer",
    "economic_buyer_uncovered",
    "economic_buyer_cold",
    "one_level",
    "competitor_backer",
    "no_coach",
)


@dataclass(frozen=True)
class PeopleFlags:
    """What the board and the monthly review flag about an account's people (M5)."""

    people: int = 0
    coaches: int = 0
    engaged: int = 0  # engagement 1–2
    stale_people: int = 0
    levels_covered: frozenset[str] = field(default_factory=frozenset)
    unaddressed_pains: int = 0
    economic_buyers: int = 0
    economic_buyers_uncovered: int = 0  # economic buyers none of our people covers
    economic_buyers_cold: int = 0  # economic buyers at engagement 4–5
    competitor_backers: int = 0  # high influence and favouring a competitor

    @property
    def no_economic_buyer(self) -> bool:
        return self.economic_buyers == 0

    @property
    def one_level(self) -> bool:
        """Every contact sits at one organisation level (the method asks for every level)."""
        return self.people > 0 and len(self.levels_covered) == 1

    @property
    def red(self) -> tuple[str, ...]:
        """The red flags raised, in RED_FLAGS order: the one list the board and pages show."""
        return red_flags(self)

    @property
    def no_coach(self) -> bool:
        return self.coaches == 0

    @property
    def single_threaded(self) -> bool:
        return self.engaged < MIN_ENGAGED

    @property
    def chart_stale(self) -> bool:
        """More than CHART_STALE_SHARE of the entries are stale (an empty chart is not)."""
        return self.people > 0 and self.stale_people > CHART_STALE_SHARE * self.people

    @property
    def levels_missing(self) -> tuple[str, ...]:
        return tuple(level for level in LEVELS if level not in self.levels_covered)

    @property
    def any(self) -> bool:
        return (
            self.no_coach
            or self.single_threaded
            or self.chart_stale
            or (self.unaddressed_pains > 0)
        )


def people_flags(
    people: Iterable[PersonFacts],
    *,
    today: dt.date,
    stale_days: int,
    addressed: set[int] | frozenset[int] = frozenset(),
) -> PeopleFlags:
    count = coaches = engaged = stale = pains = 0
    buyers = uncovered = cold = backers = 0
    levels: set[str] = set()
    for p in people:
        count += 1
        if p.economic_buyer:
            buyers += 1
            uncovered += not p.covered
            cold += p.engagement is not None and p.engagement >= COLD_FROM
        backers += p.influence == "high" and bool(p.favours_competitor)
        coaches += p.is_coach
        engaged += p.engagement is not None and p.engagement <= ENGAGED_AT_MOST
        stale += is_stale(p.confirmed_on, today, stale_days)
        pains += p.has_pains and p.id not in addressed
        levels.add(p.level)
    return PeopleFlags(
        people=count,
        coaches=coaches,
        engaged=engaged,
        stale_people=stale,
        levels_covered=frozenset(levels),
        unaddressed_pains=pains,
        economic_buyers=buyers,
        economic_buyers_uncovered=uncovered,
        economic_buyers_cold=cold,
        competitor_backers=backers,
    )


def red_flags(flags: PeopleFlags) -> tuple[str, ...]:
    """Which of RED_FLAGS an account raises. An uncovered or cold economic buyer is only
    judged once one is identified; an account nobody mapped raises the missing roles."""
    raised = {
        "no_economic_buyer": flags.no_economic_buyer,
        "economic_buyer_uncovered": flags.economic_buyers_uncovered > 0,
        "economic_buyer_cold": flags.economic_buyers_cold > 0,
        "one_level": flags.one_level,
        "competitor_backer": flags.competitor_backers > 0,
        "no_coach": flags.no_coach,
    }
    return tuple(code for code in RED_FLAGS if raised[code])


@dataclass
class Node:
    id: int
    department: str
    children: list[Node] = field(default_factory=list)
    # The boss when they sit in another department: the box names them instead of nesting.
    outside_boss: int | None = None


def department_forests(
    people: Iterable[tuple[int, int | None, str]],
    department_order: Iterable[str] | None = None,
) -> list[tuple[str, list[Node]]]:
    """Trees of (id, boss id, department) grouped by department, several roots each.

    A person whose boss sits in another department heads a tree in their own department and
    remembers that boss. Bosses missing from the set (deleted, other customer) make roots.
    Robust against loops in old data: members of a loop nobody reaches become roots.
    Input order is kept among siblings, so sort the input as the chart should read.
    """
    rows = list(people)
    dept = {pid: d for pid, _b, d in rows}
    nodes = {pid: Node(pid, d) for pid, _b, d in rows}
    roots: dict[str, list[Node]] = defaultdict(list)
    for pid, boss, d in rows:
        if boss is not None and boss in nodes and dept[boss] == d and boss != pid:
            nodes[boss].children.append(nodes[pid])
        else:
            node = nodes[pid]
            node.outside_boss = boss if boss in nodes and boss != pid else None
            roots[d].append(node)
    # Anything not reachable from a root sits on a loop: cut it open at its first member.
    reached: set[int] = set()

    def walk(node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.id in reached:
                continue
            reached.add(n.id)
            stack.extend(n.children)

    for trees in roots.values():
        for root in trees:
            walk(root)
    for pid, _boss, d in rows:
        if pid not in reached:
            node = nodes[pid]
            for other in nodes.values():
                if node in other.children:
                    other.children.remove(node)
            roots[d].append(node)
            walk(node)
    order = list(department_order) if department_order is not None else sorted(roots)
    order += sorted(d for d in roots if d not in order)
    return [(d, roots[d]) for d in order if d in roots]


def department_order(people: Iterable[tuple[str, str]]) -> list[str]:
    """Departments of (department, level) pairs, the one reaching highest first, then by name."""
    rank: dict[str, int] = {}
    for d, level in people:
        r = LEVELS.index(level) if level in LEVELS else len(LEVELS)
        rank[d] = min(rank.get(d, r), r)
    return sorted(rank, key=lambda d: (rank[d], d.casefold()))


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _phone_key(phone: str) -> str:
    return "".join(_PHONE_DIGITS.findall(phone))


def same_person(new: tuple[str, str, str], old: tuple[str, str, str]) -> tuple[str, ...]:
    """What makes `new` look like `old` (each a (name, email, phone) of one customer's key
    person): "name" (same words, any case or spacing), "email" (any case), "phone" (the
    same digits, however written). Empty when they look like two people."""
    found = []
    if _name_key(new[0]) and _name_key(new[0]) == _name_key(old[0]):
        found.append("name")
    if new[1].strip() and new[1].strip().casefold() == old[1].strip().casefold():
        found.append("email")
    if _phone_key(new[2]) and _phone_key(new[2]) == _phone_key(old[2]):
        found.append("phone")
    return tuple(found)


# Two-character Chinese family names; every other Chinese name starts with a one-character one.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "端木",
        "轩辕",
        "申屠",
        "南宫",
        "西门",
        "独孤",
        "呼延",
        "闻人",
        "万俟",
        "澹台",
        "公冶",
        "太叔",
        "钟离",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
    ]
)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# The commonest Chinese family names in pinyin: "Wang Fang" is written family name first.
PINYIN_SURNAMES = frozenset(
    [
        "wang",
        "li",
        "zhang",
        "liu",
        "chen",
        "yang",
        "zhao",
        "huang",
        "zhou",
        "wu",
        "xu",
        "sun",
        "hu",
        "zhu",
        "gao",
        "lin",
        "he",
        "guo",
        "ma",
        "luo",
        "liang",
        "song",
        "zheng",
        "xie",
        "han",
        "tang",
        "feng",
        "yu",
        "dong",
        "xiao",
        "cheng",
        "cao",
        "yuan",
        "deng",
        "fu",
        "shen",
        "zeng",
        "peng",
        "lu",
        "lü",
        "lv",
        "su",
        "jiang",
        "cai",
        "jia",
        "ding",
        "wei",
        "xue",
        "ye",
        "yan",
        "pan",
        "du",
        "dai",
        "xia",
        "zhong",
        "tian",
        "ren",
        "fan",
        "fang",
        "shi",
        "yao",
        "tan",
        "liao",
        "zou",
        "xiong",
        "jin",
        "hao",
        "kong",
        "bai",
        "cui",
        "kang",
        "mao",
        "qiu",
        "qin",
        "gu",
        "hou",
        "shao",
        "meng",
        "long",
        "wan",
        "duan",
        "lei",
        "qian",
        "yin",
        "qiao",
        "lai",
        "gong",
        "wen",
        "ou-yang",
        "ouyang",
    ]
)


def _chinese(text: str) -> tuple[str, str]:
    size = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:size], text[size:]


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a person's name as people write it: "Anna Smith" (given first),
    "Smith, Anna" (family first, with a comma), "王伟" / "欧阳娜娜" (Chinese: family first,
    no space), "Wang Fang 王芳" (pinyin and characters: the characters decide), "Wang Fang"
    (a common Chinese family name first). A single word is a family name."""
    text = " ".join(name.split())
    if not text:
        return "", ""
    if "," in text:
        family, _sep, given = text.partition(",")
        return family.strip(), given.strip()
    words = text.split(" ")
    chinese = [w for w in words if len(w) >= 2 and all(_is_cjk(ch) for ch in w)]
    if chinese:
        return _chinese(chinese[-1])
    if len(words) == 1:
        return text, ""
    if len(words) == 2 and words[0].lower() in PINYIN_SURNAMES:
        return words[0], words[1]
    return words[-1], " ".join(words[:-1])
