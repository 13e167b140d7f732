from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from firstchoice.lib.http import today
from firstchoice.teams.queries import own_salesperson, visible_teams


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the top navigation needs: the user's own board and the teams they can open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_salesperson": own_salesperson(user),
        "nav_teams": list(visible_teams(user)),
        "nav_year": today().year,
    }
