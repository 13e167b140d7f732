"""The kinds of notification, what each one says, and which are reminders.

Pure data and wording (gettext_lazy): the texts are rendered when shown, in the reader's
language, from the parameters stored with the notification.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACTION_ASSIGNED = "action_assigned", _("Action assigned to you")
    ACTION_ANSWERED = "action_answered", _("Your action accepted or declined")
    ACTION_COMMENTED = "action_commented", _("Comment on your action")
    PLAN_COMMENTED = "plan_commented", _("Manager's comment on your plan")
    ACTION_DUE = "action_due", _("Your action due tomorrow")
    ACTION_OVERDUE = "action_overdue", _("Your action overdue")
    # Raised by the reminder scan of contacts' next steps (ops.reminders.contact_steps_due).
    CONTACT_STEP_DUE = "contact_step_due", _("Contact next step due")
    STATEMENT_DUE = "statement_due", _("Monthly statement due")
    ASSESSMENT_SELF = "assessment_self", _("Assessment waiting for your self-rating")
    ASSESSMENT_COACH = "assessment_coach", _("Assessment waiting for you as coach")
    DOSSIER_STALE = "dossier_stale", _("Dossier section turned stale")
    ORG_CHART_STALE = "org_chart_stale", _("Org chart turned stale")
    IMPORT_DONE = "import_done", _("Import finished")
    IMPORT_FAILED = "import_failed", _("Import failed")


# One line per kind: what the notification says. Parameters come from `Notification.params`.
TITLES = {
    Kind.ACTION_ASSIGNED: _("%(actor)s asked you to do “%(what)s” (%(customer)s)"),
    Kind.ACTION_ANSWERED: _("%(actor)s %(answer)s “%(what)s” (%(customer)s)"),
    Kind.ACTION_COMMENTED: _("%(actor)s commented on your action “%(what)s” (%(customer)s)"),
    Kind.PLAN_COMMENTED: _("%(actor)s commented on your plan for %(customer)s"),
    Kind.ACTION_DUE: _("“%(what)s” (%(customer)s) is due tomorrow"),
    Kind.ACTION_OVERDUE: _("“%(what)s” (%(customer)s) is overdue since %(due)s"),
    Kind.CONTACT_STEP_DUE: _("Next step with %(contact)s (%(customer)s) is due on %(due)s"),
    Kind.STATEMENT_DUE: _("Your statement for %(month)s is due before the meeting on %(meeting)s"),
    Kind.ASSESSMENT_SELF: _("Your assessment for %(period)s waits for your self-rating"),
    Kind.ASSESSMENT_COACH: _("%(salesperson)s's assessment for %(period)s waits for your rating"),
    Kind.DOSSIER_STALE: _("%(customer)s (tier %(tier)s): “%(section)s” has turned stale"),
    Kind.ORG_CHART_STALE: _("%(customer)s (tier %(tier)s): the org chart has turned stale"),
    Kind.IMPORT_DONE: _("Your import of %(file)s finished: %(rows)s rows"),
    Kind.IMPORT_FAILED: _("Your import of %(file)s failed"),
}

ANSWERS = {"accepted": _("accepted"), "declined": _("declined")}

# Kinds raised by the periodic scanners (a reminder of a state, not a person's act).
REMINDERS = frozenset(
    {
        Kind.ACTION_DUE,
        Kind.ACTION_OVERDUE,
        Kind.CONTACT_STEP_DUE,
        Kind.STATEMENT_DUE,
        Kind.DOSSIER_STALE,
        Kind.ORG_CHART_STALE,
    }
)

# What the company starts with (an administrator changes it): mail at once for these.
DEFAULT_IMMEDIATE = [Kind.ACTION_ASSIGNED.value, Kind.IMPORT_FAILED.value]
