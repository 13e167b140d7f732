"""What the plan's writes tell people (issue 19), called inside those writes' transactions:
an action asked of someone, their answer, a comment on a plan or on an action."""

from __future__ import annotations

from django.urls import reverse

from firstchoice.notifications.actions import notify, notify_all
from firstchoice.notifications.kinds import Kind
from firstchoice.plans.models import Action, Comment, Plan
from firstchoice.teams.models import User


def plan_link(plan: Plan, anchor: str = "") -> str:
    url = reverse("plan", args=[plan.salesperson.handle, plan.year, plan.customer.code])
    return f"{url}#{anchor}" if anchor else url


def _about(action: Action) -> dict[str, str]:
    return {"what": action.what, "customer": action.plan.customer.name}


def action_assigned(*, actor: User, action: Action) -> None:
    """The owner of an action someone else gave them is asked to accept it (My actions)."""
    if action.owner is None:
        return
    notify(
        user=action.owner,
        kind=Kind.ACTION_ASSIGNED,
        params={**_about(action), "actor": actor},
        link=reverse("my-actions") + f"#action-{action.pk}",
        actor=actor,
    )


def _asker(action: Action) -> User | None:
    """Who asked the owner: the last editor who left the action proposed to its owner."""
    row = (
        action.history.filter(status=Action.Status.PROPOSED, owner_id=action.owner_id)
        .exclude(history_user_id=action.owner_id)
        .order_by("-history_date")
        .values_list("history_user_id", flat=True)
        .first()
    )
    return User.objects.filter(pk=row).first() if row else None


def action_answered(*, actor: User, action: Action) -> None:
    """The owner accepted or declined: the one who asked, and the plan's salesperson."""
    answer = "accepted" if action.status == Action.Status.ACCEPTED else "declined"
    users = [u for u in (_asker(action), action.plan.salesperson.user) if u is not None]
    notify_all(
        users=users,
        kind=Kind.ACTION_ANSWERED,
        params={**_about(action), "actor": actor, "answer": answer},
        link=plan_link(action.plan, f"action-{action.pk}"),
        actor=actor,
    )


def commented(*, actor: User, comment: Comment) -> None:
    """A comment on an action tells its owner; any comment tells the plan's salesperson."""
    plan = comment.plan
    owner_told: User | None = None
    if comment.on == Comment.On.ACTION and comment.ref:
        action = plan.actions.select_related("owner").filter(pk=comment.ref).first()
        if action is not None and action.owner is not None:
            notify(
                user=action.owner,
                kind=Kind.ACTION_COMMENTED,
                params={**_about(action), "actor": actor},
                link=plan_link(plan, f"action-{action.pk}"),
                actor=actor,
            )
            owner_told = action.owner
    salesperson = plan.salesperson.user
    if salesperson is not None and salesperson != owner_told:
        notify(
            user=salesperson,
            kind=Kind.PLAN_COMMENTED,
            params={"actor": actor, "customer": plan.customer.name},
            link=plan_link(plan),
            actor=actor,
        )
