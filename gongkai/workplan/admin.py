from django.contrib import admin

from .models import Task, TaskEvidence, WorkPointDocument


class _ReadOnly(admin.ModelAdmin):
    """Read-only: work points change only through the workbench (workplan/services.py)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkPointDocument)
class WorkPointDocumentAdmin(_ReadOnly):
    list_display = ("title", "doc_number", "unit", "year", "kind")
    list_filter = ("year", "kind")


@admin.register(Task)
class TaskAdmin(_ReadOnly):
    list_display = ("title", "document", "unit", "due_on", "status", "completed_on")
    list_filter = ("status",)


@admin.register(TaskEvidence)
class TaskEvidenceAdmin(_ReadOnly):
    list_display = ("task", "kind", "submitted_on")
