"""The bell, the list of one's notifications, one's e-mail preferences, and the signed
unsubscribe link (the only page here that needs no login: the signature says who)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from firstchoice.lib.edits import StaleEdit, stale_message
from firstchoice.lib.forms import add_errors
from firstchoice.lib.http import is_htmx, safe_next
from firstchoice.notifications import actions, queries
from firstchoice.notifications.forms import PreferenceForm
from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import NotificationSettings, Preference
from firstchoice.notifications.preferences import effective
from firstchoice.notifications.tokens import read_token
from firstchoice.teams.http import user_of
from firstchoice.teams.models import User

PAGE_SIZE = 30


def _filters(request: HttpRequest) -> tuple[str, bool]:
    kind = request.GET.get("kind", "")
    return (kind if kind in Kind.values else ""), request.GET.get("show") == "unread"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    kind, unread = _filters(request)
    page = Paginator(queries.inbox(user, kind=kind, unread=unread), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode(
        {k: v for k, v in (("kind", kind), ("show", "unread" if unread else "")) if v}
    )
    context = {
        "page": page,
        "kind": kind,
        "unread": unread,
        "kinds": Kind.choices,
        "query": query,
        "unread_count": queries.unread_count(user),
        "here": request.get_full_path(),
        "keep_days": NotificationSettings.load().keep_days,
    }
    return render(request, "notifications/inbox.html", context)


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The bell's unread count, fetched by htmx after the page (and every minute), so no
    page pays a query for it."""
    return render(
        request,
        "notifications/_bell.html",
        {"unread_count": queries.unread_count(user_of(request))},
    )


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its subject, marking it read."""
    user = user_of(request)
    notification = actions.mark_read(actor=user, notification=queries.own_notification(user, pk))
    return redirect(notification.link or reverse("notifications"))


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    notification = actions.mark_read(actor=user, notification=queries.own_notification(user, pk))
    if is_htmx(request):
        return render(request, "notifications/_item.html", {"item": notification})
    return redirect(safe_next(request, reverse("notifications")))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    kind = request.POST.get("kind", "")
    count = actions.mark_all_read(actor=user, kind=kind if kind in Kind.values else "")
    messages.success(request, _("%(n)d notifications marked read.") % {"n": count})
    return redirect(safe_next(request, reverse("notifications")))


def _initial(user: User) -> dict[str, object]:
    prefs = effective(user)
    preference = Preference.objects.filter(user=user).first()
    return {
        "email_enabled": prefs.email if preference is None else preference.email_enabled,
        "digest_enabled": prefs.digest,
        "digest_time": preference.digest_time if preference else None,
        "immediate_kinds": sorted(prefs.immediate - prefs.unsubscribed),
        "muted_kinds": sorted(prefs.muted),
        "version": prefs.version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    company = effective(user, preference=Preference(user=user, version=0))
    if request.method == "GET":
        form = PreferenceForm(initial=_initial(user))
        return render(request, "notifications/preferences.html", {"form": form, "company": company})
    form = PreferenceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_preferences(
                actor=user,
                email_enabled=data["email_enabled"],
                digest_enabled=data["digest_enabled"],
                digest_time=data["digest_time"],
                immediate_kinds=data["immediate_kinds"],
                muted_kinds=data["muted_kinds"],
                version=data["version"],
            )
        except StaleEdit as exc:
            form.add_error(None, stale_message(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "company": company},
        status=422,
    )


@csrf_exempt  # the signed token is the credential; mail clients POST it (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link checkers and mail scanners open links); POST unsubscribes."""
    found = read_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    kind = found[1] if found else ""
    if user is None or (kind != "all" and kind not in Kind.values):
        return render(request, "notifications/unsubscribe.html", {"bad": True}, status=404)
    done = False
    if request.method == "POST":
        actions.unsubscribe(user=user, kind=kind)
        done = True
    # The page speaks the language of the mail it came from (the reader may not be signed in).
    with translation.override(user.language or translation.get_language()):
        label = _("all e-mails") if kind == "all" else str(Kind(kind).label)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"label": label, "done": done, "token": token, "who": user},
        )
