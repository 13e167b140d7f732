"""Model fields that know no model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable

CENTS = Decimal(100)


if TYPE_CHECKING:  # the stubs make fields generic; Django's classes are not subscriptable
    _CentsField = models.BigIntegerField[Decimal | int | str | Combinable, Decimal]
else:
    _CentsField = models.BigIntegerField


class MoneyField(_CentsField):
    """A Decimal amount with two places, stored as integer cents.

    SQLite keeps DECIMAL columns as floating point, so SUM() over millions of invoice lines
    drifts by cents. Integer cents add up exactly on every database, and the aggregate comes
    back as a Decimal through `from_db_value`, so callers never see the cents.
    """

    description = "An amount of money (two decimal places, stored as cents)"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-2)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(f"{value!r} is not an amount") from exc
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValidationError(f"{value!r} has more than two decimal places")
        return amount

    def get_prep_value(self, value: Any) -> int | None:
        amount = self.to_python(value)
        if amount is None:
            return None
        return int((amount * CENTS).to_integral_value())

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        # An amount edits as a decimal with two places, not as a count of cents.
        return forms.DecimalField(decimal_places=2, max_digits=18, **kwargs)


if TYPE_CHECKING:
    # What the type checker sees: the same field, typed to read back None.
    class OptionalMoneyField(
        models.BigIntegerField[Decimal | int | str | Combinable | None, Decimal | None]
    ): ...

else:

    class OptionalMoneyField(MoneyField):
        """A MoneyField that may be unknown (NULL; give it null=True): unknown is not zero."""
