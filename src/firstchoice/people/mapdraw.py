"""The relationship map as SVG: their people as a tree by reports-to, influence lines, and
our people beside them with lines to whom they cover (issue 18).

Pure Python, no Django (a lint contract checks it): the caller brings the facts and every
word already translated, so the same drawing serves the page, the customer brief and the
PDF, and the layout is tested without a database. Text is measured per character (CJK
glyphs are about twice as wide as Latin ones) and cut with an ellipsis to fit its box; the
whole text of a box is in its <title>, which browsers show on hover.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from firstchoice.people.rules import LEVELS

BOX_W, BOX_H = 190, 104
GAP_X, GAP_Y = 18, 44
STACK_GAP, INDENT = 12, 22
# A boss whose reports are all leaves gets them as a column, not a row, once there are
# this many: a wide flat department would otherwise make the map metres wide.
STACK_FROM = 3
OURS_W, OURS_H, OURS_GAP = 170, 46, 14
CHANNEL = 90  # room between our column and their tree for the coverage lines
MARGIN = 16
FONT = "'Noto Sans CJK SC', 'Noto Sans', system-ui, sans-serif"

ATTITUDE_COLOURS = {1: "#15803d", 2: "#16a34a", 3: "#64748b", 4: "#ea580c", 5: "#dc2626"}
UNJUDGED = "#94a3b8"
INFLUENCE_WIDTH = {"high": 3.5, "medium": 2.0, "low": 1.0}
LINE_STYLES = {  # influence kind → (colour, dash pattern)
    "informal": ("#d97706", "7 4"),
    "peer": ("#7c3aed", "2 3"),
    "adviser": ("#0d9488", "9 3 2 3"),
}
REPORTS_COLOUR = "#475569"
COVERS_COLOUR = "#2563eb"
STALE_FILL = "#fef3c7"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    title: str
    level: str
    reports_to: int | None
    roles: tuple[str, ...]
    influence: str  # high, medium, low or ""
    engagement: int | None
    favours_competitor: str
    fresh_on: dt.date | None
    age_days: int | None
    stale: bool

    @property
    def is_coach(self) -> bool:
        return "coach" in self.roles


@dataclass(frozen=True)
class Ours:
    id: int
    name: str
    role: str
    covers: tuple[int, ...]


@dataclass(frozen=True)
class Line:
    source: int
    target: int
    kind: str
    note: str


@dataclass(frozen=True)
class Words:
    """Every word the drawing shows, translated by the caller."""

    roles: Mapping[str, str]
    influence: Mapping[str, str]  # high/medium/low → "High"…
    influence_label: str  # "Influence"
    attitudes: Mapping[int, str]  # engagement 1–5 → "Champion"…
    unjudged: str
    coach: str
    favours: str  # "favours %s"
    freshness: Callable[[int | None], str]
    kinds: Mapping[str, str]
    legend: Mapping[str, str]  # reports, covers, stale, ours, theirs
    nobody: str


@dataclass
class Placed:
    x: float
    y: float
    w: float = BOX_W
    h: float = BOX_H

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Layout:
    boxes: dict[int, Placed] = field(default_factory=dict)
    ours: dict[int, Placed] = field(default_factory=dict)
    # (boss, report, stacked): how each reporting line is drawn.
    links: list[tuple[int, int, bool]] = field(default_factory=list)
    width: float = 0
    height: float = 0


# --- text -------------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    """An upper estimate of `text`'s width in pixels at font size `size`."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += size
        elif ch in "il.,:;|!'·ijtf ()[]":
            width += 0.34 * size
        elif ch.isupper() or ch.isdigit() or ch in "mwMW%@":
            width += 0.68 * size
        else:
            width += 0.56 * size
    return width


def fit(text: str, size: float, room: float) -> str:
    """`text` cut with an ellipsis to fit `room` pixels."""
    if text_width(text, size) <= room:
        return text
    out = text
    while out and text_width(out + "…", size) > room:
        out = out[:-1]
    return out.rstrip() + "…"


# --- layout -----------------------------------------------------------------------------


def forest(people: Sequence[Person]) -> tuple[list[int], dict[int, list[int]]]:
    """Roots and children by reports-to. A boss not on the map makes a root; members of a
    reporting loop (old data) nobody reaches are cut open into roots."""
    ids = {p.id for p in people}
    order = sorted(
        people,
        key=lambda p: (
            LEVELS.index(p.level) if p.level in LEVELS else len(LEVELS),
            p.name.casefold(),
            p.id,
        ),
    )
    children: dict[int, list[int]] = {p.id: [] for p in order}
    roots: list[int] = []
    for p in order:
        if p.reports_to is not None and p.reports_to in ids and p.reports_to != p.id:
            children[p.reports_to].append(p.id)
        else:
            roots.append(p.id)
    reached: set[int] = set()

    def walk(start: int) -> None:
        stack = [start]
        while stack:
            n = stack.pop()
            if n not in reached:
                reached.add(n)
                stack.extend(children[n])

    for r in roots:
        walk(r)
    for p in order:
        if p.id not in reached:
            for kids in children.values():
                if p.id in kids:
                    kids.remove(p.id)
            roots.append(p.id)
            walk(p.id)
    return roots, children


def layout(people: Sequence[Person], ours: Sequence[Ours], top: float = 0) -> Layout:
    roots, children = forest(people)
    found = Layout()
    left = MARGIN + (OURS_W + CHANNEL if ours else 0)
    bottom = top

    def place(node: int, x0: float, y: float) -> float:
        """Lay out `node`'s subtree from x0 at row y; returns its width."""
        nonlocal bottom
        kids = children[node]
        bottom = max(bottom, y + BOX_H)
        if not kids:
            found.boxes[node] = Placed(x0, y)
            return BOX_W
        if len(kids) >= STACK_FROM and all(not children[k] for k in kids):
            found.boxes[node] = Placed(x0, y)
            ky = y + BOX_H + GAP_Y / 2
            for k in kids:
                found.boxes[k] = Placed(x0 + INDENT, ky)
                found.links.append((node, k, True))
                ky += BOX_H + STACK_GAP
            bottom = max(bottom, ky - STACK_GAP)
            return BOX_W + INDENT
        x = x0
        for k in kids:
            x += place(k, x, y + BOX_H + GAP_Y) + GAP_X
            found.links.append((node, k, False))
        span = x - GAP_X - x0
        first, last = found.boxes[kids[0]], found.boxes[kids[-1]]
        centre = (first.cx + last.cx) / 2
        found.boxes[node] = Placed(max(x0, centre - BOX_W / 2), y)
        return max(span, BOX_W)

    x: float = left
    for r in roots:
        x += place(r, x, top) + GAP_X * 2
    oy = top
    for o in ours:
        found.ours[o.id] = Placed(MARGIN, oy, OURS_W, OURS_H)
        oy += OURS_H + OURS_GAP
    found.width = max(x - GAP_X * 2 + MARGIN, left + BOX_W + MARGIN, 360)
    found.height = max(bottom, oy - OURS_GAP, top + 40) + MARGIN
    return found


def _edge(box: Placed, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    dx, dy = toward[0] - box.cx, toward[1] - box.cy
    if dx == 0 and dy == 0:
        return box.cx, box.cy
    scale = min(
        (box.w / 2) / abs(dx) if dx else float("inf"),
        (box.h / 2) / abs(dy) if dy else float("inf"),
    )
    return box.cx + dx * scale, box.cy + dy * scale


# --- drawing ------------------------------------------------------------------------------


def _t(x: float, y: float, text: str, size: float = 11, **attrs: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{escape(text)}</text>'


def _legend(words: Words, width: float) -> tuple[list[str], float]:
    """The key, wrapped to the drawing's width; returns its parts and height."""
    items: list[tuple[str, str, str]] = [  # (kind of sample, colour/dash, label)
        ("line", f"{REPORTS_COLOUR}|", words.legend["reports"]),
        *(
            ("arrow", f"{colour}|{dash}", words.kinds[kind])
            for kind, (colour, dash) in LINE_STYLES.items()
        ),
        ("line", f"{COVERS_COLOUR}|3 0", words.legend["covers"]),
        ("badge", "", words.coach),
        ("box", ATTITUDE_COLOURS[1], words.attitudes[1]),
        ("box", ATTITUDE_COLOURS[3], words.attitudes[3]),
        ("box", ATTITUDE_COLOURS[5], words.attitudes[5]),
        ("stale", "", words.legend["stale"]),
    ]
    out: list[str] = []
    x: float = MARGIN
    y: float = MARGIN
    row = 20.0
    for sample, style, label in items:
        need = 34 + text_width(label, 11) + 16
        if x + need > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + row
        if sample in ("line", "arrow"):
            colour, dash = style.split("|")
            marker = f' marker-end="url(#arrow-{colour[1:]})"' if sample == "arrow" else ""
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            width_ = 1.6 if sample == "arrow" else 1.4
            out.append(
                f'<line x1="{x}" y1="{y + 6}" x2="{x + 26}" y2="{y + 6}" stroke="{colour}" '
                f'stroke-width="{width_}"{dashes}{marker}/>'
            )
        elif sample == "badge":
            out.append(
                f'<rect x="{x}" y="{y}" width="26" height="12" rx="6" fill="#fde68a" '
                'stroke="#b45309" stroke-width="0.8"/>'
            )
        elif sample == "box":
            out.append(
                f'<rect x="{x}" y="{y}" width="26" height="12" rx="3" fill="#fff" '
                f'stroke="{style}" stroke-width="2.5"/>'
            )
        else:
            out.append(
                f'<rect x="{x}" y="{y}" width="26" height="12" rx="3" fill="{STALE_FILL}" '
                f'stroke="{UNJUDGED}" stroke-width="1"/>'
            )
        out.append(_t(x + 32, y + 10, label, 11, fill="#334155"))
        x += need
    return out, y + row - MARGIN + 8


def _person_box(p: Person, at: Placed, words: Words) -> str:
    colour = ATTITUDE_COLOURS.get(p.engagement or 0, UNJUDGED)
    stroke = INFLUENCE_WIDTH.get(p.influence, 1.0)
    fill = STALE_FILL if p.stale else "#ffffff"
    dash = "" if p.engagement else ' stroke-dasharray="4 3"'
    x, y, room = at.x, at.y, float(BOX_W - 16)
    attitude = (
        f"{p.engagement} · {words.attitudes[p.engagement]}"
        if p.engagement is not None and p.engagement in words.attitudes
        else words.unjudged
    )
    influence = words.influence.get(p.influence, "—")
    roles = " · ".join(words.roles[r] for r in p.roles if r != "coach" and r in words.roles)
    fresh = words.freshness(p.age_days)
    full = [p.name, p.title, roles, f"{words.influence_label}: {influence}", attitude, fresh]
    if p.favours_competitor:
        full.append(words.favours % p.favours_competitor)
    parts = [
        f'<g class="rm-person" data-person="{p.id}">',
        f"<title>{escape(' · '.join(s for s in full if s))}</title>",
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
        f'stroke="{colour}" stroke-width="{stroke}"{dash}/>',
    ]
    name_room: float = room
    if p.is_coach:
        badge = text_width(words.coach, 10) + 12
        name_room -= badge + 4
        bx = x + BOX_W - 8 - badge
        parts.append(
            f'<rect x="{bx:.1f}" y="{y + 6:.1f}" width="{badge:.1f}" height="15" rx="7.5" '
            'fill="#fde68a" stroke="#b45309" stroke-width="0.8"/>'
        )
        parts.append(_t(bx + 6, y + 17, words.coach, 10, fill="#78350f", font_weight="600"))
    parts.append(_t(x + 8, y + 18, fit(p.name, 13, name_room), 13, font_weight="700"))
    parts.append(_t(x + 8, y + 34, fit(p.title or "—", 11, room), 11, fill="#475569"))
    parts.append(_t(x + 8, y + 50, fit(roles or "—", 11, room), 11, fill="#1e3a8a"))
    line4 = f"{words.influence_label}: {influence}"
    parts.append(_t(x + 8, y + 66, fit(line4, 11, room), 11, font_weight="600"))
    parts.append(_t(x + 8, y + 81, fit(attitude, 11, room), 11, fill=colour))
    if p.favours_competitor:
        text = fit(words.favours % p.favours_competitor, 11, room)
        parts.append(_t(x + 8, y + 96, text, 11, fill="#b91c1c", font_weight="600"))
    else:
        warn = "⚠ " if p.stale else ""
        parts.append(_t(x + 8, y + 96, fit(warn + fresh, 10.5, room), 10.5, fill="#64748b"))
    parts.append("</g>")
    return "".join(parts)


def draw(
    people: Sequence[Person],
    ours: Sequence[Ours],
    lines: Sequence[Line],
    words: Words,
    *,
    label: str = "",
) -> str:
    """The map as one self-contained <svg> element (no script, no external reference)."""
    probe = layout(people, ours)
    legend, legend_h = _legend(words, probe.width)
    top = MARGIN + legend_h + 8
    found = layout(people, ours, top=top)
    width, height = found.width, found.height
    by_id = {p.id: p for p in people}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="relmap" role="img" '
        f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'font-family="{FONT}" aria-label={quoteattr(label)}>',
        "<defs>",
    ]
    for colour, _dash in LINE_STYLES.values():
        out.append(
            f'<marker id="arrow-{colour[1:]}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.extend(legend)
    if not people and not ours:
        out.append(_t(MARGIN, top + 20, words.nobody, 13, fill="#64748b"))
    # Coverage first, under everything: boxes hide the lines' middles, the ends stay visible.
    for o in ours:
        src = found.ours[o.id]
        for target in o.covers:
            box = found.boxes.get(target)
            if box is None:
                continue
            sx, sy = src.x + src.w, src.cy
            tx, ty = box.x, box.y + 12
            mid = (sx + tx) / 2
            out.append(
                f'<path d="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ty:.1f} '
                f'{tx:.1f},{ty:.1f}" fill="none" stroke="{COVERS_COLOUR}" stroke-width="1.2" '
                f'stroke-opacity="0.55" data-covers="{o.id}-{target}"/>'
                f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="3" fill="{COVERS_COLOUR}"/>'
            )
    for boss, report, stacked in found.links:
        b, r = found.boxes[boss], found.boxes[report]
        if stacked:
            lx = b.x + INDENT / 2
            d = f"M{lx:.1f},{b.y + b.h:.1f} V{r.cy:.1f} H{r.x:.1f}"
        else:
            mid = b.y + b.h + GAP_Y / 2
            d = f"M{b.cx:.1f},{b.y + b.h:.1f} V{mid:.1f} H{r.cx:.1f} V{r.y:.1f}"
        out.append(
            f'<path d="{d}" fill="none" stroke="{REPORTS_COLOUR}" stroke-width="1.4" '
            f'data-reports="{report}-{boss}"/>'
        )
    for p in people:
        out.append(_person_box(p, found.boxes[p.id], words))
    for o in ours:
        at = found.ours[o.id]
        out.append(
            f'<g class="rm-ours" data-ours="{o.id}"><title>{escape(o.name)}'
            f"{escape(' · ' + o.role if o.role else '')}</title>"
            f'<rect x="{at.x:.1f}" y="{at.y:.1f}" width="{at.w}" height="{at.h}" rx="6" '
            f'fill="#eff6ff" stroke="{COVERS_COLOUR}" stroke-width="1.5"/>'
            + _t(at.x + 8, at.y + 18, fit(o.name, 12.5, at.w - 16), 12.5, font_weight="700")
            + _t(at.x + 8, at.y + 35, fit(o.role or "—", 11, at.w - 16), 11, fill="#1e40af")
            + "</g>"
        )
    # Influence lines last, on top: they are what the map adds to the org chart.
    for line in lines:
        a, z = found.boxes.get(line.source), found.boxes.get(line.target)
        if a is None or z is None:
            continue
        colour, dash = LINE_STYLES.get(line.kind, LINE_STYLES["informal"])
        x1, y1 = _edge(a, (z.cx, z.cy))
        x2, y2 = _edge(z, (a.cx, a.cy))
        # A gentle bow, so a line between neighbours does not hide under a reporting line.
        mx, my = (x1 + x2) / 2 - (y2 - y1) * 0.15, (y1 + y2) / 2 + (x2 - x1) * 0.15
        kind = words.kinds.get(line.kind, line.kind)
        tip = f"{by_id[line.source].name} → {by_id[line.target].name} · {kind}"
        if line.note:
            tip += f" · {line.note}"
        out.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" '
            f'marker-end="url(#arrow-{colour[1:]})" data-influence="{line.source}-{line.target}">'
            f"<title>{escape(tip)}</title></path>"
        )
    out.append("</svg>")
    return "".join(out)
