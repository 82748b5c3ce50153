import datetime as dt

from django import forms
from django.utils import timezone

from gongkai.domain import notice_period
from gongkai.domain.interpretation import INTERPRETATION_GENRE

from . import category_paths
from .models import Category, Channel, InterpretationForm, Item, Scheme


class CategoryTreeWidget(forms.CheckboxSelectMultiple):
    """Checkboxes grouped under their headings (one fieldset per group)."""

    template_name = "catalog/widgets/grouped_checkboxes.html"


class ItemForm(forms.ModelForm):
    """录入/修改公开信息."""

    categories = forms.ModelMultipleChoiceField(
        label="公开目录分类", required=False, widget=CategoryTreeWidget,
        queryset=Category.objects.filter(scheme__in=[Scheme.DOMAIN, Scheme.STATUTORY], is_active=True),
        help_text="可多选：基层政务公开标准目录领域、法定主动公开内容")

    class Meta:
        model = Item
        fields = ["title", "doc_number", "publisher", "written_date", "topic", "genre",
                  "disclosure_mode", "disclosure_scope", "categories", "needs_interpretation",
                  "notice_start", "notice_end", "body"]
        widgets = {
            "written_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notice_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notice_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 14, "data-richtext": "1"}),
            "title": forms.TextInput(attrs={"size": 60}),
        }
        help_texts = {
            "publisher": "留空则为本单位名称",
            "body": ("可直接粘贴 Word 中的内容，表格、列表、加粗和分段会保留；字体、颜色等样式和脚本会被去除。"
                     "不使用编辑器时直接输入文字，换行和空行（分段）会保留"),
            "written_date": "信息形成或者变更之日；须在其后20个工作日内公开",
            "notice_start": "公示类信息填写公示期的第一天，不是公示的不填",
            "notice_end": "公示期的最后一天；公示须在公示期开始前发布，公示期结束后发布的会被标明",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].required = False
        self.fields["topic"].queryset = Category.objects.filter(scheme=Scheme.TOPIC, is_active=True)
        if "genre" in self.fields:  # a 政策解读 is entered from its document's page (录入政策解读)
            self.fields["genre"].queryset = Category.objects.filter(scheme=Scheme.GENRE, is_active=True).exclude(
                name=INTERPRETATION_GENRE)
        filed = self.instance.categories.values_list("pk", flat=True) if self.instance.pk else ()
        self.fields["categories"].choices = category_paths.grouped_choices(category_paths.nodes(), filed)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 2:
            raise forms.ValidationError("标题至少2个字")
        return title

    def clean(self):
        data = super().clean()
        for message in notice_period.period_errors(data.get("notice_start"), data.get("notice_end")):
            self.add_error("notice_end" if data.get("notice_start") else "notice_start", message)
        return data

    def notice_warning(self) -> str:
        """After a valid save: the 公示期 as it stands if the item were published today ("" when fine)."""
        check = notice_period.check(self.cleaned_data.get("notice_start"), self.cleaned_data.get("notice_end"),
                                    timezone.localdate())
        return check.message(published=False) if check and check.state != notice_period.NoticeState.ON_TIME else ""

    def clean_written_date(self):
        value = self.cleaned_data["written_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("成文日期不能晚于今天")
        if value < dt.date(1949, 10, 1):
            raise forms.ValidationError("成文日期不正确")
        return value


class InterpretationItemForm(ItemForm):
    """录入/修改政策解读: an item of 体裁 政策解读, the documents it explains and its form."""

    documents = forms.ModelMultipleChoiceField(
        label="所解读的政策文件", queryset=Item.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择至少一份所解读的政策文件"},
        help_text="可多选；与文件同步提交审核，审核人同意发布文件时同步发布本解读")
    interpretation_form = forms.ChoiceField(label="解读形式", choices=InterpretationForm.choices,
                                            initial=InterpretationForm.TEXT)
    media_url = forms.URLField(label="音视频或发布会链接", required=False, max_length=500,
                               assume_scheme="https", help_text="视频、音频解读或新闻发布会实录的地址（可不填）")
    interpreter = forms.CharField(label="解读人", required=False, max_length=100,
                                  help_text="如：主要负责人姓名及职务、专家姓名")

    class Meta(ItemForm.Meta):
        fields = ["title", "publisher", "written_date", "topic", "disclosure_mode", "disclosure_scope",
                  "categories", "body"]

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .interpretations import linkable_documents

        self.fields["documents"].queryset = linkable_documents(unit)
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.title}（{d.doc_number or d.index_no}，{d.get_status_display()}）")
        self.fields["title"].help_text = "如：《××管理办法》政策解读"

    def interpretation_data(self) -> dict:
        data = self.cleaned_data
        return {"documents": list(data.pop("documents")), "form": data.pop("interpretation_form"),
                "media_url": data.pop("media_url") or "", "interpreter": data.pop("interpreter")}


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、DOCX、XLSX、DOC、XLS、WPS、OFD，或扫描件 JPG、PNG；"
                           "DOC、WPS 和扫描件无法自动检查个人信息，须由审核人人工核对",
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".pdf,.docx,.xlsx,.doc,.xls,.wps,.ofd,.jpg,.jpeg,.png"}))


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="保密审查意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    pii_override_reason = forms.CharField(
        label="带个人信息提示发布的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
        help_text="仅当确需公开提示中的个人信息（如依法公示），或附件须人工核对（扫描件、DOC、WPS）时填写："
                  "写明已人工核对的结果；将记入操作日志")
    interpretation_exempt_reason = forms.CharField(
        label="不发布政策解读的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
        help_text="本文件须同步发布政策解读；确无必要时写明理由，将记入审查记录和操作日志")


class PublishForm(forms.Form):
    published_date = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}),
                                     required=False, help_text="留空为今天")
    channels = forms.MultipleChoiceField(label="公开渠道", choices=Channel.choices, initial=[Channel.WEBSITE],
                                         widget=forms.CheckboxSelectMultiple)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class RepealForm(forms.Form):
    repealed_date = forms.DateField(label="废止日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="说明", required=False, max_length=1000)


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label="公开渠道", choices=Channel.choices)
    published_on = forms.DateField(label="公开日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="备注", required=False, max_length=200,
                           help_text="如公开栏位置、文件编号、服务中心窗口")
