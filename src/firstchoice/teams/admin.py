from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from firstchoice.lib import memo
from firstchoice.teams.models import ApiToken, CompanySettings, Salesperson, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Preferences"), {"fields": ("language",)}),
    )
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")


class SalespersonInline(admin.TabularInline):
    model = Salesperson
    fields = ("code", "name", "user", "is_active")
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("managers",)
    inlines = [SalespersonInline]


@admin.register(Salesperson)
class SalespersonAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "user", "team", "is_active")
    list_filter = ("team", "is_active")
    search_fields = ("code", "name", "user__username")
    autocomplete_fields = ("user",)


@admin.register(CompanySettings)
class CompanySettingsAdmin(admin.ModelAdmin):
    list_display = ("company_name", "tier_a_capacity", "tier_b_capacity", "tier_c_capacity")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CompanySettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        memo.forget(CompanySettings.MEMO_KEY)  # the rest of this request reads the new row


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("prefix", "token_hash", "created", "last_used")
