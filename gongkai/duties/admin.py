from django.contrib import admin

from .models import Attendance, DutyAssignment, DutySignoff, LeadingGroupMember, ReserveStaff, TrainingSession


class ReadOnly(admin.ModelAdmin):
    """Read-only: these records change only through the workbench (duties/services.py), audited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(ReadOnly):
    list_display = ("unit", "duty", "person_name", "start_on", "end_on")
    list_filter = ("duty",)


@admin.register(LeadingGroupMember)
class LeadingGroupMemberAdmin(ReadOnly):
    list_display = ("unit", "name", "position", "group_role", "start_on", "end_on")


@admin.register(DutySignoff)
class DutySignoffAdmin(ReadOnly):
    list_display = ("unit", "kind", "date", "signed_by", "check_run")
    list_filter = ("kind",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnly):
    list_display = ("unit", "date", "topic", "trainer", "hours")
    inlines = [AttendanceInline]


@admin.register(ReserveStaff)
class ReserveStaffAdmin(ReadOnly):
    list_display = ("unit", "person_name", "note", "is_active")
