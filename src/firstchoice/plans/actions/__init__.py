"""Every write to a plan (M6), one module per part: plans (start, expected sales), objectives,
action_items, contacts (per-contact objectives), comments, calendar_tokens; `checks` holds
what they share. Views, the API, the CLI and the demo all call these.

Callers obtain the salesperson with `salesperson_for_user(user, handle, write=True)` and
the plan through `queries.plan_for`; these functions check the method's rules (a reason to
drop or decline, owners on our side, one plan per account and year) and who may do what
inside a plan (only an action's owner accepts it; only managers and the plan's owner
comment). Edits of an existing row name the version they started from (`lib.edits`).
"""
