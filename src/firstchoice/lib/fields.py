"""Model fields that know no model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _

from firstchoice.lib.numbers import NotANumber, parse_number

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


class NumberField(forms.DecimalField):
    """A form field for an amount or a percentage, read as the product writes numbers
    (`lib.numbers.parse_number`: `2,500,000`, `2 500 000`, full-width digits, `98%` where
    `percent`). A text input, not `type=number`: browsers refuse `2,500,000` there and send
    an empty value, which would lose what the user typed.

    The message names the field ("March: enter an amount such as 12,500."), so it reads the
    same beside the field, in a list at the top of a page and in an import report."""

    def __init__(
        self, *, percent: bool = False, whole: bool = False, example: str = "", **kwargs: Any
    ) -> None:
        self.percent = percent
        self.whole = whole
        self.example = example or ("98%" if percent else "12,500")
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 0 if whole else 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric" if whole else "decimal"})
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # DecimalField adds step/min/max for a number input; a text input takes none of them.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            number = parse_number(str(value), percent=self.percent)
        except NotANumber:
            raise ValidationError(self.invalid_message(), code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.invalid_message(), code="invalid")
        return number

    def invalid_message(self) -> str:
        values = {"field": self.label or "", "example": self.example}
        if self.percent and not self.example.endswith("%"):
            # An objective's target: an amount, a count or a share, as the user means it.
            if self.label:
                return _("%(field)s: enter a number such as %(example)s or 98%%.") % values
            return _("Enter a number such as %(example)s or 98%%.") % values
        if self.percent:
            if self.label:
                return _("%(field)s: enter a percentage such as %(example)s.") % values
            return _("Enter a percentage such as %(example)s.") % values
        if self.label:
            return _("%(field)s: enter an amount such as %(example)s.") % values
        return _("Enter an amount such as %(example)s.") % values

    def prepare_value(self, value: Any) -> Any:
        # Shown back as the product writes it: a stored 2500000.00 edits as "2,500,000".
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            text = f"{Decimal(value).normalize():,f}"
            return text
        return value
