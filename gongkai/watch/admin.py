from django.contrib import admin

from gongkai.units.admin import AuditedAdmin, ReadOnlyAdmin  # findings and runs change only through watch.services

from .models import CheckRun, Column, Finding, FindingEvent, Site


class ColumnInline(admin.TabularInline):
    model = Column
    extra = 0


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ("name", "unit", "homepage", "external", "is_active")
    list_filter = ("is_active",)
    inlines = [ColumnInline]


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
