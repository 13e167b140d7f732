from django.contrib import admin

from firstchoice.coaching.models import Assessment, Behaviour, Trait


class BehaviourInline(admin.TabularInline):
    model = Behaviour
    fields = ("position", "text_en", "text_zh", "is_active")
    extra = 1


@admin.register(Trait)
class TraitAdmin(admin.ModelAdmin):
    """Administrators edit the six traits and their behaviours, and add behaviours.

    Retire a behaviour (untick "active") rather than delete it: past ratings keep it.
    """

    list_display = ("number", "name_en", "name_zh", "facing")
    fields = ("number", "facing", "name_en", "name_zh", "summary_en", "summary_zh")
    inlines = [BehaviourInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("salesperson", "period_start", "period_end", "closed_at")
    list_filter = ("period_start",)
    search_fields = ("salesperson__code", "salesperson__name")
    readonly_fields = ("created_by", "closed_by")
