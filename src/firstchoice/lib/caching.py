"""Work done once, not per request: the one place that says what a cached piece depends on.

Django's cache framework holds the pieces (settings.CACHES: local memory by default, Redis
when REDIS_URL is set). Every key here is made from the data the piece is computed from,
never from a clock or a counter kept in one process, so:

- a piece is never stale: changed data gives a different key, and the old entry simply
  ages out (LRU in local memory, the timeout in Redis);
- the keys mean the same in every web process and on every machine, whichever backend
  holds them; nothing a request needs lives only in one process's memory (a process that
  has not seen a piece yet draws it itself);
- no write action has to remember to invalidate anything.

What is cached, and what its key is made of (add an item when you cache something new):

- every chart SVG (customer sales and target potential, review and meeting charts, coaching
  radar and trend, team shares): cached in `lib.charts.svg`; the key is the drawing's
  type, options, style, labels and values (`chart_key`).

- each board card (`portfolio/_card.html`): cached by `{% cached_fragment %}` (lib/templatetags/
  fc.py); the key is every value the fragment is given — the card (its entry, customer,
  owner, figures, research, people flags, plan status, other listings: all of its
  attributes, rows by their columns and the related rows loaded with them, to
  MAX_DEPTH levels), the board's handle and year, whether the
  viewer may edit and the tier choices. The fragment sees ONLY those values (and the
  request's CSRF token, put in after the cache): a card that needs something new must be
  given it in `_board.html`, which also keys it.

- whole pages: not here but in `teams.pagecache` (`@cached_page`), keyed by a version of
  the whole data that every write replaces, since a page depends on too much to list.

To cache a new fragment: compute the (cheap) data it is drawn from, then
`remember(fragment_key("name", data...), lambda: render(...))`. The data passed to
`fragment_key` must be everything the output depends on, language included when the
fragment holds translated text (`fragment_key` adds the active language itself).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db.models import Model, QuerySet
from django.utils import translation
from django.utils.functional import Promise

log = logging.getLogger(__name__)

T = TypeVar("T")

KEY_VERSION = "1"  # bump when the drawing code changes what the same inputs give


def remember(key: str, build: Callable[[], T], *, timeout: Any = DEFAULT_TIMEOUT) -> T:
    """The cached value for `key`, else `build()` stored under it (for the cache's own
    timeout, settings.CACHE_TIMEOUT: a keyed-by-content value never needs expiring sooner).
    A cache that fails (Redis gone) never fails the page: the value is built and served
    uncached."""
    try:
        found = cache.get(key)
    except Exception:  # any backend error: serve without the cache
        log.warning("cache read failed for %s", key, exc_info=True)
        return build()
    if found is not None:
        return found
    value = build()
    try:
        cache.set(key, value, timeout)
    except Exception:
        log.warning("cache write failed for %s", key, exc_info=True)
    return value


# How deep `_canonical` follows containers, attributes and related rows (a board card's
# customer's owner's columns sit at seven); deeper, an object counts by its repr (a row:
# "<Model: str(row)>", a dataclass: all its fields). Deeper costs time on every request.
MAX_DEPTH = 9


def _canonical(value: Any, depth: int = 0) -> Any:
    """A plain, deterministic description of `value` for a digest: containers item by item,
    objects by their attributes, functions by their code (the formatter lambdas)."""
    if value is None or isinstance(value, str | int | float | bool | Decimal | Promise):
        return (type(value).__name__, str(value))  # a lazy translation: its text now
    if depth > MAX_DEPTH:
        return repr(value)
    if isinstance(value, dict):
        return tuple(
            sorted((str(k), _canonical(v, depth + 1)) for k, v in value.items()),
        )
    if isinstance(value, list | tuple | set | frozenset):
        items = [_canonical(v, depth + 1) for v in value]
        if isinstance(value, set | frozenset):
            items.sort(key=repr)
        return tuple(items)
    if isinstance(value, Model):
        # A row: its columns and the related rows and prefetched lists already loaded
        # with it (what a template can reach without a query), never its internals.
        columns = {k: v for k, v in vars(value).items() if not k.startswith("_")}
        related = getattr(value._state, "fields_cache", {})
        prefetched = vars(value).get("_prefetched_objects_cache", {})
        return (
            "row",
            value._meta.label,
            _canonical(columns, depth + 1),
            _canonical(related, depth + 1),
            _canonical(prefetched, depth + 1),
        )
    if isinstance(value, QuerySet):
        # Its rows when loaded; else its SQL (a repr would run the query).
        if value._result_cache is not None:
            return ("rows", _canonical(value._result_cache, depth + 1))
        return ("query", str(value.query))
    code = getattr(value, "__code__", None)
    if code is not None:
        cells = getattr(value, "__closure__", None) or ()
        closed = [_canonical(cell.cell_contents, depth + 1) for cell in cells]
        return ("code", code.co_code.hex(), repr(code.co_consts), tuple(closed))
    if isinstance(value, type):
        return ("type", value.__module__, value.__qualname__)
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        return (type(value).__qualname__, _canonical(attributes, depth + 1))
    return repr(value)


def digest(*parts: Any) -> str:
    return hashlib.sha256(repr(_canonical(parts)).encode()).hexdigest()


def fragment_key(name: str, *parts: Any) -> str:
    """The key of a fragment computed from `parts` (in the active language)."""
    return f"fc:{KEY_VERSION}:{name}:{translation.get_language()}:{digest(*parts)}"


# pygal keeps a per-drawing random uuid (ids inside the SVG): not part of what is drawn.
_NOT_INPUT = {"uuid", "state", "config", "raw_series", "xml_filters"}


def chart_key(chart: Any) -> str:
    """The key of a pygal drawing: its type, options (style included), the attributes set
    on it (x_labels …) and every series with its values."""
    extra = {k: v for k, v in vars(chart).items() if k not in _NOT_INPUT}
    config = vars(chart.config)
    return fragment_key(
        f"chart.{type(chart).__name__}", config, extra, chart.raw_series, chart.xml_filters
    )


# The CSRF token differs per session: fragments are cached with this marker in its place,
# and the tag puts the request's token in on the way out.
CSRF_MARKER = "\x00fc-csrf-token\x00"
