from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from firstchoice.customers.models import (
    Customer,
    DossierQuestion,
    DossierSection,
    EngagementRule,
    TargetPotential,
)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "owner", "segment", "payment_terms", "status")
    list_filter = ("status", "segment", "payment_terms")
    search_fields = ("code", "name")
    autocomplete_fields = ("owner",)


@admin.register(DossierQuestion)
class DossierQuestionAdmin(admin.ModelAdmin):
    """Where administrators add their own dossier questions (M2)."""

    list_display = ("label_en", "label_zh", "section", "kind", "key", "position", "active")
    list_filter = ("section", "kind", "active")
    list_editable = ("position", "active")
    search_fields = ("label_en", "label_zh", "key")


@admin.register(DossierSection)
class DossierSectionAdmin(SimpleHistoryAdmin):
    # Read-mostly: answers are edited on the customer page, which validates them.
    list_display = ("customer", "key", "updated_at", "updated_by")
    list_filter = ("key",)
    search_fields = ("customer__code", "customer__name")
    readonly_fields = ("customer", "key", "data", "notes", "updated_at", "updated_by")


@admin.register(TargetPotential)
class TargetPotentialAdmin(admin.ModelAdmin):
    list_display = ("customer", "estimated_on", "total", "other_channels", "confidence")
    search_fields = ("customer__code", "customer__name")
    readonly_fields = ("created_by",)


@admin.register(EngagementRule)
class EngagementRuleAdmin(SimpleHistoryAdmin):
    list_display = ("customer", "kind", "title", "can_execute", "owner", "owner_text")
    list_filter = ("kind", "can_execute")
    search_fields = ("customer__code", "customer__name", "title")
    autocomplete_fields = ("customer", "owner")
