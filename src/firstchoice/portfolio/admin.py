from django.contrib import admin

from firstchoice.portfolio.models import Portfolio, TierChange


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("salesperson", "year", "created")
    list_filter = ("year",)
    search_fields = ("salesperson__code", "salesperson__name")


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    """Read-only: tier history is written only by the portfolio actions."""

    list_display = ("changed_at", "portfolio", "customer", "kind", "from_tier", "to_tier", "changed_by")
    list_filter = ("kind", "portfolio__year")
    search_fields = ("customer__code", "customer__name", "reason")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
