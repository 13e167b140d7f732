"""Who may see and change what (M11). Every read of team data goes through here.

- An administrator (staff) sees everything.
- A manager sees the teams they manage.
- A salesperson sees their own data and, read-only, their teammates' boards: the method
  reviews every plan in the open, at the monthly meeting.
- Nobody sees another team's data: lookups outside the scope raise 404, not 403, so they
  reveal nothing about what exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from firstchoice.lib import memo
from firstchoice.teams.models import Salesperson, Team, User


def visible_teams(user: User) -> QuerySet[Team]:
    if user.is_administrator:
        return Team.objects.all()
    return Team.objects.filter(Q(managers=user) | Q(salespeople__user=user)).distinct()


def managed_teams(user: User) -> QuerySet[Team]:
    if user.is_administrator:
        return Team.objects.all()
    return Team.objects.filter(managers=user)


def can_audit(user: User) -> bool:
    """The top-customer audit (M8) is for managers and administrators."""
    return user.is_administrator or Team.objects.filter(managers=user).exists()


def visible_salespeople(user: User) -> QuerySet[Salesperson]:
    qs = Salesperson.objects.select_related("user", "team")
    if user.is_administrator:
        return qs
    own_team = Salesperson.objects.filter(user=user, team__isnull=False).values("team_id")
    return qs.filter(Q(user=user) | Q(team__managers=user) | Q(team__in=own_team)).distinct()


def editable_salespeople(user: User) -> QuerySet[Salesperson]:
    qs = Salesperson.objects.select_related("user", "team")
    if user.is_administrator:
        return qs
    return qs.filter(Q(user=user) | Q(team__managers=user)).distinct()


def can_edit_salesperson(user: User, salesperson: Salesperson) -> bool:
    return editable_salespeople(user).filter(pk=salesperson.pk).exists()


def salesperson_for_user(user: User, handle: str, *, write: bool = False) -> Salesperson:
    """The salesperson called `handle` (login name or ERP code) if `user` may see it.

    Raises Http404 when out of scope, PermissionDenied when visible but read-only and
    `write` is asked for.
    """
    scope = visible_salespeople(user)
    found = scope.filter(user__username=handle).first() or scope.filter(code=handle).first()
    if found is None:
        raise Http404("No such salesperson")
    if write and not can_edit_salesperson(user, found):
        raise PermissionDenied("Read-only: only the salesperson and their managers may change it")
    return found


def team_for_user(user: User, slug: str) -> Team:
    team = visible_teams(user).filter(slug=slug).first()
    if team is None:
        raise Http404("No such team")
    return team


def own_salesperson(user: User) -> Salesperson | None:
    """The user's own salesperson profile, read once per request (lib.memo): the page and
    its navigation both ask."""
    return memo.per_request(
        f"own-salesperson:{user.pk}",
        lambda: Salesperson.objects.select_related("user", "team").filter(user=user).first(),
    )
