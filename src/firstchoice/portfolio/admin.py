from django.contrib import admin
from django.http import HttpRequest

from firstchoice.portfolio.models import Portfolio, TierChange


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("salesperson", "year", "created")
    list_filter = ("year",)
    search_fields = ("salesperson__code", "salesperson__name")


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    """Read-only: tier history is written only by the portfolio actions."""

    list_display = (
        "changed_at",
        "portfolio",
        "customer",
        "kind",
        "from_tier",
        "to_tier",
        "changed_by",
    )
    list_filter = ("kind", "portfolio__year")
    search_fields = ("customer__code", "customer__name", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
