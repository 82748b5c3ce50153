from django.contrib import admin

from gongkai.units.admin import AuditedAdmin, ReadOnlyAdmin

from .models import Category, Item


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    """The seeded taxonomies stay editable: rename, reorder, add local entries, deactivate."""

    list_display = ("name", "scheme", "code", "parent", "sort_order", "is_active")
    list_filter = ("scheme", "is_active")
    search_fields = ("name", "code")


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    """Items change only through the review workflow in the workbench."""

    list_display = ("index_no", "title", "unit", "status", "written_date", "published_date")
    list_filter = ("status", "validity", "unit")
    search_fields = ("index_no", "title", "doc_number")
