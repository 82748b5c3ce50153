from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from gongkai.units.admin import AuditedAdmin, ScopedManagerMixin

from .models import Application, LetterTemplate


# 个人信息 never shown in the admin (masked views and the audited reveal live in the workbench).
HIDDEN_FIELDS = ("query_code_hash", "id_number", "id_number_index", "phone", "phone_index", "address")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through the workbench (services.py)."""

    list_display = ("number", "unit", "channel", "received_on", "status", "due_on")
    list_filter = ("status", "channel", "unit")
    search_fields = ("number",)
    readonly_fields = [f.name for f in Application._meta.fields if f.name not in HIDDEN_FIELDS]
    exclude = HIDDEN_FIELDS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
NOT_A_TEMPLATE = "不是可用的Word模板（.docx）"


def check_docx_template(upload) -> None:
    """A real Word document (a .docx zip with ``word/document.xml``, judged by content, not by
    name) whose Jinja placeholders docxtpl can fill; else a ValidationError in Chinese."""
    import io
    import zipfile

    from docxtpl import DocxTemplate

    if upload.size > MAX_TEMPLATE_BYTES:
        raise forms.ValidationError(f"{NOT_A_TEMPLATE}：文件超过10MB")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"PK\x03\x04"):
        raise forms.ValidationError(f"{NOT_A_TEMPLATE}：文件内容不是Word文档，请在Word中另存为“Word文档（*.docx）”后上传")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise forms.ValidationError(f"{NOT_A_TEMPLATE}：压缩包中没有Word正文")
    except zipfile.BadZipFile:
        raise forms.ValidationError(f"{NOT_A_TEMPLATE}：文件已损坏") from None
    from gongkai.domain.bounded_archive import BoundsError, check_zip

    try:
        check_zip(data)   # the zip-bomb guard, before docxtpl unpacks it
    except BoundsError as exc:
        raise forms.ValidationError(f"{NOT_A_TEMPLATE}：{exc}") from None
    try:
        template = DocxTemplate(io.BytesIO(data))
        names = template.get_undeclared_template_variables()
        template.render(dict.fromkeys(names, "示例"))
        template.save(io.BytesIO())
    except Exception as exc:
        hint = "占位符写法有误（应为 {{ 名称 }}）" if "Template" in type(exc).__name__ else "无法按模板生成文书"
        raise forms.ValidationError(f"{NOT_A_TEMPLATE}：{hint}") from None


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "unit", "file", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.security.upload_scan import context as scan_context

        self.fields["file"].help_text = scan_context(None)["virus_scan"]["notice"]  # clam: scanned or not

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload (an unchanged file is the stored one)
            check_docx_template(upload)
        return upload


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ScopedManagerMixin, AuditedAdmin):
    """An office replaces a shipped Word template by uploading its own (.docx with the same
    placeholders, see applications/letters.py); the newest active one of a kind is used.

    A unit admin sees and uploads only templates of their own unit (the unit is set to theirs);
    only the 系统管理员 sets templates for all units (unit left empty)."""

    form = LetterTemplateForm
    list_display = ("kind", "unit", "active", "uploaded_at")
    list_filter = ("kind", "active")

    def _manager(self, request):
        return super()._manager(request) and (self._global(request) or request.user.unit_id is not None)

    def _owns(self, request, obj):
        return self._global(request) or (obj.unit_id is not None and obj.unit_id == request.user.unit_id)

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs if self._global(request) else qs.filter(unit_id=request.user.unit_id)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if self._global(request) else [f for f in fields if f != "unit"]

    def get_list_display(self, request):
        return self.list_display if self._global(request) else ("kind", "active", "uploaded_at")

    def save_model(self, request, obj, form, change):
        if not self._global(request):
            if change and not self._owns(request, obj):
                raise PermissionDenied("只能管理本单位的文书模板")
            obj.unit = request.user.unit  # forced: a unit admin's template is for their own unit
        super().save_model(request, obj, form, change)
