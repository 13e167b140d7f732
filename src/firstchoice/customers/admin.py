from django.contrib import admin

from firstchoice.customers.models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "owner", "segment", "payment_terms", "status")
    list_filter = ("status", "segment", "payment_terms")
    search_fields = ("code", "name")
    autocomplete_fields = ("owner",)
