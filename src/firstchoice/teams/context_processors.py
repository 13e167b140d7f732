from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from firstchoice.lib.http import today
from firstchoice.teams.models import Team
from firstchoice.teams.queries import own_salesperson, visible_teams


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the top navigation needs: the user's own board, the teams they can open, and
    the links their role opens (the same rules as the views: `is_administrator`, `can_audit`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Whether the user manages each team comes with the teams (one query, as before): the
    # audit link follows `teams.queries.can_audit` without a query of its own.
    managed = Team.managers.through.objects.filter(team=OuterRef("pk"), user=user)
    teams = list(visible_teams(user).annotate(managed=Exists(managed)))
    return {
        "nav_salesperson": own_salesperson(user),
        "nav_teams": teams,
        "nav_year": today().year,
        "nav_administrator": user.is_administrator,
        "nav_audit": user.is_administrator or any(team.managed for team in teams),
    }
