"""Query-parameter parsing shared by pages and the API: as_of and months."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from firstchoice.lib.http import InvalidParameter, parse_as_of, parse_day, parse_month, today

rf = RequestFactory()


def test_it_reads_as_of() -> None:
    assert parse_as_of(rf.get("/", {"as_of": "1998-08-02"})) == dt.date(1998, 8, 2)
    assert parse_as_of(rf.get("/", {"as_of": " 2026-02-28 "})) == dt.date(2026, 2, 28)


def test_it_defaults_as_of_to_the_given_day_or_today() -> None:
    assert parse_as_of(rf.get("/")) == today()
    assert parse_as_of(rf.get("/", {"as_of": ""}), dt.date(1997, 12, 31)) == dt.date(1997, 12, 31)


@pytest.mark.parametrize(
    "raw",
    ["1998-02-29", "1998-2-3", "19980802", "02/08/1998", "1998-08-02T00:00", "x", "1899-12-31"],
)
def test_it_names_as_of_when_it_is_not_a_date(raw: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse_as_of(rf.get("/", {"as_of": raw}))
    assert caught.value.name == "as_of"
    assert caught.value.message
    assert str(caught.value).startswith("as_of: ")


def test_it_accepts_the_edges_of_the_supported_years() -> None:
    assert parse_day("d", "1900-01-01") == dt.date(1900, 1, 1)
    assert parse_day("d", "2999-12-31") == dt.date(2999, 12, 31)
    with pytest.raises(InvalidParameter):
        parse_day("d", "3000-01-01")


def test_it_reads_a_month_as_its_first_day() -> None:
    assert parse_month("from", "1998-08") == dt.date(1998, 8, 1)


@pytest.mark.parametrize(
    "raw", ["1998-8", "1998-00", "1998-13", "1998-08-01", "Aug 1998", "0099-01"]
)
def test_it_names_a_bad_month(raw: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse_month("to", raw)
    assert caught.value.name == "to"
