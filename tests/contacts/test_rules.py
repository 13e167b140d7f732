import datetime as dt

from firstchoice.contacts import rules

DAY = dt.date(2026, 6, 16)
LIMITS = dict(rules.DEFAULT_CONTACT_DAYS)


def test_it_flags_a_person_past_their_levels_interval() -> None:
    last = DAY - dt.timedelta(days=31)
    assert rules.is_overdue_for_contact(last, 1, today=DAY, days_by_level=LIMITS)
    assert not rules.is_overdue_for_contact(last, 3, today=DAY, days_by_level=LIMITS)


def test_it_flags_a_person_never_contacted() -> None:
    assert rules.is_overdue_for_contact(None, 5, today=DAY, days_by_level=LIMITS)


def test_it_treats_an_unjudged_person_as_neutral() -> None:
    assert rules.contact_limit(None, LIMITS) == LIMITS[3]


def test_it_judges_a_follow_up_against_its_due_day() -> None:
    due = DAY - dt.timedelta(days=2)
    assert rules.follow_up_state(due, due, today=DAY) == rules.ON_TIME
    assert rules.follow_up_state(due, DAY, today=DAY) == rules.LATE
    assert rules.follow_up_state(due, None, today=DAY) == rules.OVERDUE
    assert rules.follow_up_state(DAY, None, today=DAY) == rules.OPEN
    assert rules.follow_up_state(None, None, today=DAY) == rules.OPEN
