from django.contrib import admin
from django.http import HttpRequest

from firstchoice.sales.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: imports are made and rolled back from the Sales imports page or the CLI."""

    list_display = ("id", "file_name", "status", "created", "imported_by", "rows", "amount_total")
    list_filter = ("status",)
    search_fields = ("file_name", "checksum")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
