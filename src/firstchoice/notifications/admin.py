from django import forms
from django.contrib import admin
from django.http import HttpRequest

from firstchoice.notifications.kinds import Kind
from firstchoice.notifications.models import (
    Digest,
    NotificationSettings,
    Preference,
    TeamMeetingDay,
)


class SettingsForm(forms.ModelForm):
    immediate_kinds = forms.MultipleChoiceField(
        choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    muted_kinds = forms.MultipleChoiceField(
        choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = NotificationSettings
        fields = (
            "email_enabled",
            "digest_time",
            "immediate_kinds",
            "muted_kinds",
            "meeting_day",
            "statement_days_before",
            "keep_days",
        )


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    """The company's defaults: e-mail on/off, digest time, kinds mailed at once or muted,
    the monthly meeting day and the statement reminder, how long notifications are kept."""

    form = SettingsForm
    list_display = ("__str__", "email_enabled", "digest_time", "meeting_day", "keep_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not NotificationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TeamMeetingDay)
class TeamMeetingDayAdmin(admin.ModelAdmin):
    list_display = ("team", "day")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_enabled", "digest_enabled", "digest_time")
    search_fields = ("user__username",)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("user", "day", "count", "state", "attempts", "sent_at")
    list_filter = ("state",)
    readonly_fields = ("user", "day", "since", "until", "count", "state", "attempts", "sent_at")
