from __future__ import annotations

import pytest

from firstchoice.customers.rules import is_cod


@pytest.mark.parametrize("terms", ["COD", "cod", " Cash on delivery ", "货到付款", "现金"])
def test_it_recognises_cash_on_delivery(terms: str) -> None:
    assert is_cod(terms)


@pytest.mark.parametrize("terms", ["NET30", "", None, "CODE30", "月结30天"])
def test_it_does_not_mistake_credit_terms_for_cod(terms: str | None) -> None:
    assert not is_cod(terms)
