"""Numbers read the way the product writes them: pages (NumberField) and the API alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from pydantic import TypeAdapter, ValidationError

from firstchoice.lib.api import Amount, Percent, WholePercent
from firstchoice.lib.fields import NumberField
from firstchoice.lib.numbers import NotANumber, parse_number

READ = [
    ("2500000", False, "2500000"),
    ("2,500,000", False, "2500000"),
    ("2,500,000.50", False, "2500000.50"),
    ("2 500 000", False, "2500000"),
    ("2\u00a0500\u00a0000", False, "2500000"),  # no-break spaces (spreadsheets)
    ("2\u2009500\u2009000", False, "2500000"),  # thin spaces
    ("2\u202f500\u202f000", False, "2500000"),  # narrow no-break spaces
    ("２５００", False, "2500"),  # full-width digits
    ("２，５００．５", False, "2500.5"),  # full-width comma and point
    ("  12,500 ", False, "12500"),
    ("−8,360", False, "-8360"),  # the minus sign the review prints
    ("-0.5", False, "-0.5"),
    (".5", False, "0.5"),
    ("98%", True, "98"),
    ("98 %", True, "98"),
    ("９８％", True, "98"),
    ("12.5%", True, "12.5"),
    ("98", True, "98"),
]

REFUSED = [
    ("", False),
    ("lots", False),
    ("1,5", False),  # a decimal comma? fifteen? not guessed
    ("12,50,000", False),  # lakh grouping is not how the product writes
    ("2 50 000", False),
    ("1.2.3", False),
    ("98%", False),  # a percentage where an amount is asked
    ("%", True),
    ("1e5", False),
    ("NaN", False),
    ("Infinity", False),
    ("12 500 abc", False),
]


@pytest.mark.parametrize(("raw", "percent", "expected"), READ)
def test_it_reads_what_the_product_writes(raw: str, percent: bool, expected: str) -> None:
    assert parse_number(raw, percent=percent) == Decimal(expected)


@pytest.mark.parametrize(("raw", "percent"), REFUSED)
def test_it_refuses_what_it_would_have_to_guess(raw: str, percent: bool) -> None:
    with pytest.raises(NotANumber):
        parse_number(raw, percent=percent)


class _Form(forms.Form):
    total = NumberField(label="Total market volume", example="2,500,000")
    share = NumberField(label="Share", percent=True, required=False)
    march = NumberField(label="March", required=False, min_value=0)
    confidence = NumberField(label="Confidence", percent=True, whole=True, required=False)


def test_it_cleans_form_values_to_decimals() -> None:
    form = _Form(
        {"total": "2 500 000", "share": "98%", "march": "１２，５００", "confidence": "70%"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "total": Decimal("2500000"),
        "share": Decimal("98"),
        "march": Decimal("12500"),
        "confidence": Decimal("70"),
    }


def test_it_names_the_field_and_an_example_in_the_message() -> None:
    form = _Form({"total": "lots", "share": "a lot", "march": "1,5", "confidence": "70.5%"})
    assert not form.is_valid()
    assert form.errors["total"] == ["Total market volume: enter an amount such as 2,500,000."]
    assert form.errors["share"] == ["Share: enter a percentage such as 98%."]
    assert form.errors["march"] == ["March: enter an amount such as 12,500."]
    assert "decimal" in form.errors["confidence"][0]  # a whole percentage


def test_it_names_the_field_in_chinese() -> None:
    with translation.override("zh-hans"):
        form = _Form({"total": "lots"})
        assert not form.is_valid()
        message = form.errors["total"][0]
    assert message.startswith("Total market volume")
    assert "2,500,000" in message
    assert "enter an amount" not in message


def test_it_renders_a_text_input_that_keeps_grouped_numbers() -> None:
    # type=number would make the browser drop "2,500,000" and send an empty value.
    html = str(_Form()["total"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert NumberField().prepare_value(Decimal("2500000.00")) == "2,500,000"


def test_the_api_reads_strings_the_same_way_and_names_the_example() -> None:
    assert TypeAdapter(Amount).validate_python("2,500,000") == Decimal("2500000")
    assert TypeAdapter(Amount).validate_python(12.5) == Decimal("12.5")
    assert TypeAdapter(Percent).validate_python("９８％") == Decimal("98")
    assert TypeAdapter(WholePercent).validate_python("70%") == 70
    with pytest.raises(ValidationError, match="such as 12,500"):
        TypeAdapter(Amount).validate_python("1,5")
    with pytest.raises(ValidationError):
        TypeAdapter(Amount).validate_python("98%")
