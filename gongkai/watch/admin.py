from django.contrib import admin

from gongkai.units.admin import AuditedAdmin, ReadOnlyAdmin  # findings and runs change only through the watch services
from gongkai.units.models import Role

from .models import CheckRun, Column, Finding, FindingEvent, Site


class ColumnInline(admin.TabularInline):
    model = Column
    extra = 0


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ("name", "unit", "homepage", "external", "is_active", "internal")
    list_filter = ("is_active", "internal")
    inlines = [ColumnInline]

    def get_readonly_fields(self, request, obj=None):
        """内部网站 (the SSRF guard's exception) is the 系统管理员's alone."""
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.role == Role.SYSADMIN else fields + ("internal",)


class EventInline(admin.TabularInline):
    model = FindingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "from_status", "to_status", "note")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("kind", "site", "severity", "status", "url", "assignee", "due_on", "last_seen")
    list_filter = ("category", "severity", "status")
    inlines = [EventInline]


@admin.register(CheckRun)
class CheckRunAdmin(ReadOnlyAdmin):
    list_display = ("site", "kind", "started", "finished", "pages", "error")
    list_filter = ("kind",)
