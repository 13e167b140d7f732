from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from firstchoice.reviews.models import Meeting, MeetingNote, Statement


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["salesperson", "month", "updated_by", "updated_at"]
    list_filter = ["month"]
    search_fields = ["salesperson__name", "salesperson__code"]


class NoteInline(admin.StackedInline):
    model = MeetingNote
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["team", "month", "opened_by", "opened_at"]
    list_filter = ["team", "month"]
    inlines = [NoteInline]
