from django.contrib import admin

from .models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the workbench (services.py)."""

    list_display = ("number", "unit", "channel", "received_on", "status", "due_on")
    list_filter = ("status", "channel", "unit")
    search_fields = ("number",)
    readonly_fields = [f.name for f in Application._meta.fields if f.name != "query_code_hash"]
    exclude = ("query_code_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
