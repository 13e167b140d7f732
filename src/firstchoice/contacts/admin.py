from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from firstchoice.contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("customer", "day", "kind", "next_step", "next_step_owner", "next_step_due")
    list_filter = ("kind",)
    search_fields = ("customer__code", "customer__name", "notes", "next_step")
    raw_id_fields = ("customer", "next_step_owner", "created_by")
    filter_horizontal = ("their_people", "our_people", "objectives")
