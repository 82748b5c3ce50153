"""Admin for units and people. A unit admin manages its own unit's clerks and reviewers;
a supervisor its sub-tree; the 系统管理员 the whole unit tree and every account's identity,
never its role (roles are granted by 安全管理员 on /manage/security/roles/). ``is_superuser``
grants nothing here. Every change is audited."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from . import audit
from .models import AuditEntry, Role, Unit, User, staff_flag
from .scoping import visible_units

MANAGER_ROLES = (Role.UNIT_ADMIN, Role.SUPERVISOR)
# the roles a unit admin or supervisor may give the accounts it creates (security.md §2)
MANAGED_ROLES = (Role.CLERK, Role.REVIEWER)


class AuditedAdmin(admin.ModelAdmin):
    """Appends every admin save and delete to the audit log."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(f"admin.{obj._meta.model_name}.{'change' if change else 'add'}", obj, user=request.user,
                     detail={"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        audit.record(f"admin.{obj._meta.model_name}.delete", obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ScopedManagerMixin:
    """Lets unit admins and supervisors into the admin for their own units only."""

    unit_field = "unit"

    def _global(self, request):
        """The 系统管理员 configures the whole tree (GB/T 22239-2019 8.1.5.1 b)."""
        u = request.user
        return u.is_active and u.is_authenticated and u.role == Role.SYSADMIN

    def _manager(self, request):
        u = request.user
        return u.is_active and u.is_authenticated and (u.role in MANAGER_ROLES or self._global(request))

    def has_module_permission(self, request):
        return self._manager(request)

    def has_view_permission(self, request, obj=None):
        return self._manager(request) and (obj is None or self._owns(request, obj))

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return self._manager(request)

    def has_delete_permission(self, request, obj=None):
        return False  # units and people are disabled, never deleted (their records point at them)

    def _owns(self, request, obj):
        return self._global(request) or visible_units(request.user).filter(
            pk=getattr(obj, f"{self.unit_field}_id")).exists()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._global(request):
            return qs
        return qs.filter(**{f"{self.unit_field}__in": visible_units(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("unit", "parent") and not self._global(request):
            kwargs["queryset"] = visible_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Unit)
class UnitAdmin(ScopedManagerMixin, AuditedAdmin):
    unit_field = "pk"
    list_display = ("name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")

    def _owns(self, request, obj):
        return self._global(request) or visible_units(request.user).filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if self._global(request) else qs.filter(pk__in=visible_units(request.user))

    # The unit tree (create, move, rename, disable) is the 系统管理员's alone (8.1.5.1 b); others only
    # look. A refused add or change answers 403, which the 403 recorder audits as ``security.denied``.
    def has_add_permission(self, request):
        return self._global(request)

    def has_change_permission(self, request, obj=None):
        return self._global(request)

    def save_model(self, request, obj, form, change):
        if not self._global(request):
            raise PermissionDenied("只有系统管理员可以新建、调整或停用单位")
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(ScopedManagerMixin, AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "unit", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "unit__name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("人员信息", {"fields": ("full_name", "unit", "role", "phone", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": (
        "username", "full_name", "unit", "role", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._global(request):
            fields.append("role")  # 系统管理员 keeps identities, 安全管理员 grants roles
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not self._global(request):
            kwargs["choices"] = [(r.value, r.label) for r in MANAGED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.role not in MANAGED_ROLES and not self._global(request):
            return False  # a unit admin manages clerks and reviewers only
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if obj.is_superuser:
            raise PermissionDenied("不设超级用户（三员分立）")
        if not self._global(request):
            if not visible_units(request.user).filter(pk=obj.unit_id).exists():
                raise PermissionDenied("只能管理本单位（及下级单位）的人员")
            if obj.role not in MANAGED_ROLES:
                raise PermissionDenied("单位管理员只能管理信息公开工作人员和审核人账号")
        obj.is_staff = staff_flag(obj.role)
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their own workflow are looked at, never edited, here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "unit", "action", "target_repr", "ip")
    list_filter = ("action",)
    search_fields = ("actor_name", "target_repr", "target_id")
