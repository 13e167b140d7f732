"""Comments on a plan or one part of it (M6): the team's managers and the plan's owner."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstchoice.plans.actions import notices
from firstchoice.plans.actions.checks import clean_text
from firstchoice.plans.models import Comment, Plan
from firstchoice.teams.models import User


def may_comment(user: User, plan: Plan) -> bool:
    if user.is_administrator or plan.salesperson.user_id == user.pk:
        return True
    team_id = plan.salesperson.team_id
    return team_id is not None and user.managed_teams.filter(pk=team_id).exists()


@transaction.atomic
def add_comment(
    *, actor: User, plan: Plan, text: str, on: str = "plan", ref: int | None = None
) -> Comment:
    """A manager's comment on the plan or one part of it (the plan's owner may answer)."""
    if not may_comment(actor, plan):
        raise PermissionDenied("Only the team's managers and the plan's owner comment")
    text = clean_text(text, "text")
    if on not in Comment.On.values:
        raise ValidationError({"on": _("Choose what the comment is about.")})
    parts: dict[str, Any] = {
        "objective": plan.objectives,
        "action": plan.actions,
        "contact": plan.contacts,
    }
    if on != "plan" and (ref is None or not parts[on].filter(pk=ref).exists()):
        raise ValidationError({"ref": _("Choose a part of this plan.")})
    comment = Comment.objects.create(
        plan=plan, on=on, ref=ref if on != "plan" else None, text=text, author=actor
    )
    notices.commented(actor=actor, comment=comment)
    return comment
