"""Cleaning dossier answers: the one validation for page, API and import (no database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from firstchoice.customers import dossier


def test_it_has_the_eleven_sections_of_the_method() -> None:
    assert [s.number for s in dossier.SECTIONS] == list(range(1, 12))
    keys = [f.key for s in dossier.SECTIONS for f in s.fields]
    assert len(keys) == len(set(keys))  # field keys name import columns: unique
    assert "top_customers" in keys and "supplier_reduction" in keys


def test_it_cleans_a_section() -> None:
    cleaned = dossier.clean(
        "delivery",
        {
            "delivery_days": " 28 ",
            "top_customers": [{"name": "BYD", "notes": "biggest"}, {"name": "", "notes": ""}],
            "notes": "  call in March ",
        },
    )
    assert cleaned == {
        "delivery_days": 28,
        "shorten_cycle": "",
        "pain_points": "",
        "top_customers": [{"name": "BYD", "notes": "biggest"}],
        "notes": "call in March",
    }


def test_it_names_every_bad_field() -> None:
    with pytest.raises(ValidationError) as caught:
        dossier.clean(
            "delivery",
            {
                "delivery_days": "soon",
                "top_customers": [{"name": str(i)} for i in range(6)],
                "bogus": "x",
            },
        )
    errors = caught.value.message_dict
    assert set(errors) == {"delivery_days", "top_customers", "bogus"}
    assert "whole number" in errors["delivery_days"][0]
    assert "At most 5 rows" in errors["top_customers"][0]


def test_it_checks_choices_percentages_and_names_in_lists() -> None:
    field = next(f for f in dossier.section("market").fields if f.key == "markets")
    assert dossier.clean_value(
        field, [{"name": "Rail", "trend": "Growing", "share": "12.50%"}]
    ) == [{"name": "Rail", "trend": "growing", "share": "12.5"}]
    with pytest.raises(ValueError, match="Row 1, Trend"):
        dossier.clean_value(field, [{"name": "Rail", "trend": "booming"}])
    with pytest.raises(ValueError, match="between 0 and 100"):
        dossier.clean_value(field, [{"name": "Rail", "share": "120"}])
    with pytest.raises(ValueError, match="name is missing"):
        dossier.clean_value(field, [{"trend": "steady"}])


def test_it_reads_spreadsheet_cells() -> None:
    field = next(f for f in dossier.section("delivery").fields if f.key == "top_customers")
    assert dossier.from_text(field, "BYD | biggest; Midea\nHaier") == [
        {"name": "BYD", "notes": "biggest"},
        {"name": "Midea", "notes": ""},
        {"name": "Haier", "notes": ""},
    ]
    special = dossier.section("special").fields[0]
    assert dossier.clean_value(special, dossier.from_text(special, "seasonality, packaging")) == [
        "packaging",
        "seasonality",
    ]


def test_it_reads_numbers_and_percentages_the_way_the_product_writes_them() -> None:
    assert dossier._int("1,200") == 1200
    assert dossier._int("１２００") == 1200
    assert dossier._percent("３５％") == "35"
    assert dossier._percent("35 %") == "35"
    for bad in ("1,2", "12.5", "lots"):
        with pytest.raises(ValueError, match="whole number"):
            dossier._int(bad)
