from django import forms
from django.contrib import admin

from gongkai.units.admin import AuditedAdmin

from .models import Application, LetterTemplate


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


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "unit", "file", "active"]

    def clean_file(self):
        from docxtpl import DocxTemplate

        upload = self.cleaned_data["file"]
        try:
            DocxTemplate(upload).get_undeclared_template_variables()
        except Exception:  # noqa: BLE001 - any unreadable upload is refused the same way
            raise forms.ValidationError("不是可用的Word模板（.docx）") from None
        upload.seek(0)
        return upload


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AuditedAdmin):
    """An office replaces a shipped Word template by uploading its own (.docx with the same
    placeholders, see applications/letters.py); the newest active one of a kind is used."""

    form = LetterTemplateForm
    list_display = ("kind", "unit", "active", "uploaded_at")
    list_filter = ("kind", "active")
