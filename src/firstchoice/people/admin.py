from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from firstchoice.people.models import KeyPerson, OurPerson


@admin.register(KeyPerson)
class KeyPersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "customer", "department", "title", "level", "engagement", "is_coach")
    list_filter = ("level", "is_coach")
    search_fields = ("name", "customer__code", "customer__name", "department")
    raw_id_fields = ("customer", "reports_to", "confirmed_by")


@admin.register(OurPerson)
class OurPersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "customer", "role", "rank")
    search_fields = ("name", "customer__code", "customer__name")
    raw_id_fields = ("customer", "user", "covers")
