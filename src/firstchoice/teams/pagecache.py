"""Whole pages drawn once per state of the data, served from the cache until it changes.

Monday's meeting is many people reading pages whose data nobody is changing at that moment.
A page such as the board or the customer page costs 50–60 ms of Python to draw (queries,
card data, template), and sixteen people at once queue behind each other on two cores.
So the main read-only pages are kept whole in Django's cache (`@cached_page`), keyed by:

- the data version: a random token in the one-row table `DataVersion`, replaced whenever
  anything a page can show is written (below); read once per request, one indexed query;
- who asks (the user's id: pages are permission-scoped), the exact path and query string,
  whether htmx asks for a part, the language, the time zone and today's date in it (pages
  say "overdue" and "this month");
- the code's own version (`caching.KEY_VERSION`) and the database's name.

**Never stale.** The token is replaced by a watcher on every database connection
(`connection.execute_wrappers`), not by each write action remembering to: any INSERT,
UPDATE, DELETE or TRUNCATE on a table outside `settings.PAGE_CACHE_IGNORED`
(sessions, login throttling, the job queue, notifications — none of them is drawn on a
cached page) replaces it once the transaction commits. So the ORM, bulk operations,
`QuerySet.update()`, raw SQL of the importer, the admin, the shell, a restore — all count.
A page read while a write commits is stored under the older token and never served again.
A permission change is a write like any other, and so is a login (`last_login`).

**Per request, after the cache.** The CSRF token is put in on the way out (cached pages
hold a marker); a request with messages waiting, an anonymous one or a non-GET one is never
served from or stored in the cache; only a 200 text/html answer that sets no cookie and
queues no message is stored. Entries live at most `PAGE_CACHE_TIMEOUT` seconds (default
300), which bounds anything drawn from the clock finer than the date.

`X-Page-Cache: hit|miss` on the answer says which it was (tests and bench/ read it).
"""

from __future__ import annotations

import functools
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.middleware.csrf import get_token
from django.utils import timezone

from firstchoice.lib import caching

log = logging.getLogger(__name__)

View = Callable[..., HttpResponse]

# -- the data version ---------------------------------------------------------------------

_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLAC", "TRUNCA", "MERGE ", "COPY ")
_TABLE = re.compile(
    r"""\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)
        \s+["`]?([A-Za-z0-9_]+)""",
    re.IGNORECASE | re.VERBOSE,
)


def _table() -> str:
    return str(apps.get_model("teams", "DataVersion")._meta.db_table)


@functools.cache
def _ignored_tables() -> frozenset[str]:
    """settings.PAGE_CACHE_IGNORED: app labels (all their models) and "app.Model" names."""
    names = set(getattr(settings, "PAGE_CACHE_IGNORED", ()))
    tables = {"django_migrations", _table()}
    for config in apps.get_app_configs():
        for model in config.get_models():
            if config.label in names or model._meta.label in names:
                tables.add(model._meta.db_table)
    return frozenset(tables)


def writes_shown_data(sql: str) -> bool:
    """Whether a statement may change what a cached page shows: a write to a table that is
    not ignored. A write whose table cannot be read off counts."""
    head = sql.lstrip()[:6].upper()
    if head.startswith("WITH"):
        return re.search(r"\b(INSERT|UPDATE|DELETE)\b", sql, re.IGNORECASE) is not None
    if not head.startswith(_WRITE_VERBS):
        return False
    found = _TABLE.match(sql)
    return found is None or found.group(1) not in _ignored_tables()


def current_version() -> str:
    """The token of the data's present state ("" before anything was ever written)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {_table()} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return f"{row[0] if row else ''}{getattr(connection, TEST_VERSION, '')}"


def new_version(using: str = "default") -> None:
    """Give the data a new token now (in the caller's transaction, if any)."""
    db = connections[using]
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} (id, token) VALUES (1, %s) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [uuid.uuid4().hex],
        )


@functools.cache
def _after_commit(using: str) -> Callable[[], None]:
    """One function per database, so a transaction can tell it already has one pending."""
    return functools.partial(new_version_quietly, using)


def new_version_quietly(using: str = "default") -> None:
    try:
        new_version(using)
    except DatabaseError:  # not migrated yet (the first `migrate`): nothing is cached
        log.debug("data version not replaced", exc_info=True)


# Django's TestCase wraps each test in a transaction that is rolled back, never committed:
# on-commit work never runs there. Inside one, a write gives the connection a token of its
# own (no SQL, so the suite's query counts mean what they say); the suite gives each test a
# fresh one at its start (tests/conftest.py).
TEST_VERSION = "fc_test_data_version"


def _in_test_transaction(db: BaseDatabaseWrapper) -> bool:
    return any(getattr(block, "_from_testcase", False) for block in db.atomic_blocks)


def data_changed(db: BaseDatabaseWrapper) -> None:
    """Something shown changed on `db`: a new token when it commits (now, in autocommit).
    One token per transaction: a pending replacement that will run is not added twice."""
    if not db.in_atomic_block:
        new_version_quietly(db.alias)
        return
    if _in_test_transaction(db):
        setattr(db, TEST_VERSION, uuid.uuid4().hex)
        return
    job = _after_commit(db.alias)
    # A pending replacement still listed will run, or be dropped together with this write:
    # Django drops an on-commit function only when a savepoint it was registered under rolls
    # back, and those savepoints that are still open enclose this write (released ones can
    # no longer roll back). So one listed is enough, whatever savepoints it names. (Asking
    # more, e.g. that its savepoints all be open, added a function per released savepoint:
    # a transaction of 100,000 savepoints, one per row, scanned a growing list each write.)
    for entry in db.run_on_commit:  # (savepoint ids, function, robust); ours comes first
        if entry[1] is job:
            return
    db.on_commit(job)


def watch(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """The execute wrapper installed on every connection (teams.apps)."""
    result = execute(sql, params, many, context)
    if writes_shown_data(sql):
        data_changed(context["connection"])
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: watch what this connection writes."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch)


# -- the pages ----------------------------------------------------------------------------

CSRF_MARKER = caching.CSRF_MARKER
# Django's own reading of a masked token (not in its type stubs): the secret it carries.
_unmask: Callable[[str], str] = csrf._unmask_cipher_token  # type: ignore[attr-defined]


def _may_use_cache(request: HttpRequest) -> bool:
    if request.method != "GET" or not getattr(settings, "PAGE_CACHE", True):
        return False
    if not request.user.is_authenticated:
        return False
    # A message waiting to be shown belongs to this request only.
    storage = get_messages(request)
    return not (
        request.COOKIES.get(getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))
        or request.session.get("_messages")
        or getattr(storage, "_queued_messages", None)
    )


def _key(request: HttpRequest, version: str) -> str:
    parts = (
        settings.DATABASES["default"]["NAME"],
        version,
        request.user.pk,
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        # The session's CSRF secret (as a digest): a page never reaches another session.
        caching.digest(request.META.get("CSRF_COOKIE", "")),
    )
    return caching.fragment_key("page", *parts)  # adds the language


# Where a page holds its CSRF token: the forms' hidden field and htmx's header (base.html).
_TOKEN_BEFORE = (b'name="csrfmiddlewaretoken" value="', b'"X-CSRFToken": "')
_MARKER = CSRF_MARKER.encode()


def _without_tokens(html: bytes, request: HttpRequest) -> bytes:
    """The page with this session's CSRF tokens replaced by the marker (string splitting,
    not a regular expression: a few hundred KB in about a millisecond)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return html
    for before in _TOKEN_BEFORE:
        parts = html.split(before)
        for index in range(1, len(parts)):
            token = parts[index][:64]
            if _unmask(token.decode("ascii", "replace")) == secret:
                parts[index] = _MARKER + parts[index][64:]
        html = before.join(parts)
    return html


def cached_page(view: View) -> View:
    """Serve a read-only page from the cache while the data, the user, the URL, the
    language and the date are the same (see the module's docstring)."""
    return _cached(view, types=("text/html",))


def cached_download(*types: str) -> Callable[[View], View]:
    """The same for a file drawn from the data (a workbook): answers of these content
    types are kept with their file name (Content-Disposition)."""
    return functools.partial(_cached, types=types)


def _cached(view: View, *, types: tuple[str, ...]) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        token = get_token(request)  # the session's CSRF secret exists before the key
        key = _key(request, current_version())
        try:
            found = cache.get(key)
        except Exception:  # a cache that fails never fails the page
            log.warning("page cache read failed", exc_info=True)
            found = None
        if found is not None:
            content_type, disposition, body = found
            if _MARKER in body:
                body = body.replace(_MARKER, token.encode())
            response = HttpResponse(body, content_type=content_type)
            if disposition:
                response["Content-Disposition"] = disposition
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _may_store(request, response, types):
            stored = (
                response["Content-Type"],
                response.get("Content-Disposition", ""),
                _without_tokens(response.content, request)
                if response["Content-Type"].startswith("text/html")
                else response.content,  # a file (a zipped workbook) holds no form
            )
            try:
                cache.set(key, stored, _timeout())
            except Exception:
                log.warning("page cache write failed", exc_info=True)
        response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 300))


def _may_store(request: HttpRequest, response: HttpResponse, types: tuple[str, ...]) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(types)
        and not response.cookies
        and not getattr(get_messages(request), "_queued_messages", None)
    )
