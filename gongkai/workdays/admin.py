from django.contrib import admin

from gongkai.units.admin import AuditedAdmin

from .models import ScheduleDay, ScheduleYear
from .signals import schedule_changed


class ScheduleAdmin(AuditedAdmin):
    """Schedule edits recompute every deadline that depends on the calendar."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        schedule_changed.send(sender=type(obj), years=[getattr(obj, "year", None) or obj.date.year])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        schedule_changed.send(sender=type(obj), years=[getattr(obj, "year", None) or obj.date.year])


@admin.register(ScheduleYear)
class ScheduleYearAdmin(ScheduleAdmin):
    list_display = ("year", "source", "updated_at")


@admin.register(ScheduleDay)
class ScheduleDayAdmin(ScheduleAdmin):
    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
