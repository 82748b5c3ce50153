from django.contrib import admin

from .models import Dispute


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workbench (disputes/services.py)."""

    list_display = ("application", "unit", "kind", "filed_on", "outcome", "closed_on")
    list_filter = ("kind", "outcome")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
