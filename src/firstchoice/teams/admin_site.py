"""The admin site opens to the code's one rule for administrators (`User.is_administrator`,
staff or superuser), the same rule as the navigation and every scoped lookup, not Django's
default `is_staff` alone. Imported by settings (INSTALLED_APPS) before the models exist,
hence no model import here."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.http import HttpRequest


class AdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and bool(getattr(user, "is_administrator", False))


class AdminConfig(BaseAdminConfig):
    default_site = "firstchoice.teams.admin_site.AdminSite"
