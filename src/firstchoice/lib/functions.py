"""Database functions that know no model."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Func


class MonthStart(Func):
    """The first day of a date's month, computed natively by the database.

    Django's TruncMonth calls back into Python for every row on SQLite; roll-ups over
    millions of lines need the database's own date functions.
    """

    output_field = models.DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, 'start of month')", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="date_trunc('month', %(expressions)s)::date", **extra
        )
