from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from firstchoice.plans.models import CalendarToken, Plan


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    """Read-only: plans change through the plan page, the API and their version checks."""

    list_display = ("salesperson", "year", "customer", "tier", "started_from", "updated")
    list_filter = ("year", "tier")
    search_fields = ("customer__code", "customer__name", "salesperson__code")
    list_select_related = ("salesperson", "customer")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Deleting a row revokes the person's calendar feed; tokens themselves are not shown."""

    list_display = ("user", "created")
    fields = ("user", "created")
    readonly_fields = ("user", "created")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
