from django import forms

from gongkai.catalog.models import Item
from gongkai.units.models import Unit

from .models import EvidenceKind, Task, WorkPointDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = WorkPointDocument
        fields = ["title", "doc_number", "year", "kind"]


class TaskForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label="责任单位")
    title = forms.CharField(label="任务", max_length=300)
    requirement = forms.CharField(label="工作要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(label="责任人姓名", max_length=50, required=False)
    due_on = forms.DateField(label="完成时限", widget=DATE)
    evidence_kind = forms.ChoiceField(label="佐证材料", choices=EvidenceKind.choices)

    def __init__(self, *args, issuer: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = issuer.subtree()


class BreakDownForm(forms.Form):
    units = forms.ModelMultipleChoiceField(Unit.objects.none(), label="分解到下级单位",
                                           widget=forms.CheckboxSelectMultiple)
    due_on = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = task.unit.subtree().exclude(pk=task.unit_id)
        self.fields["due_on"].initial = task.due_on


class EvidenceForm(forms.Form):
    item = forms.ModelChoiceField(Item.objects.none(), label="已发布的公开信息", required=False)
    file = forms.FileField(label="文件（PDF、DOCX、XLSX）", required=False)
    note = forms.CharField(label="完成情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        if task.evidence_kind == EvidenceKind.ITEM:
            self.fields["item"].queryset = Item.objects.published().filter(unit=task.unit).order_by("-published_date")
            self.fields["item"].required = True
            del self.fields["file"]
        elif task.evidence_kind == EvidenceKind.FILE:
            self.fields["file"].required = True
            del self.fields["item"]
        else:
            del self.fields["item"], self.fields["file"]
            self.fields["note"].required = True


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
