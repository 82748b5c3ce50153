"""Staff workbench (工作台) for the catalog: thin views over catalog.services."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.units import audit
from gongkai.units.downloads import named
from gongkai.units.scoping import require_clearance, visible_units
from gongkai.units.web import form_data, object_action, staff_required

from . import attachments, documents, interpretation_services, interpretations, services
from . import permissions as may
from . import selectors
from .forms import (
    AttachmentForm,
    ChannelForm,
    InterpretationItemForm,
    ItemForm,
    OpinionForm,
    PublishForm,
    ReasonForm,
    RepealForm,
)
from .models import Item, ItemStatus

PER_PAGE = 30


def _item_or_404(request, pk) -> Item:
    return selectors.staff_item(request.user, pk)


@staff_required
def item_list(request):
    status, unit = request.GET.get("status", ""), request.GET.get("unit", "")
    q = request.GET.get("q", "").strip()[:selectors.SEARCH_TEXT_MAX]
    items = selectors.staff_item_list(request.user, status=status, unit=unit, q=q,
                                      overdue=request.GET.get("overdue") == "1", today=timezone.localdate())
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalog/item_list.html", {
        "page": page, "statuses": ItemStatus.choices, "units": visible_units(request.user),
        "filters": {"status": status, "unit": unit, "q": q, "overdue": request.GET.get("overdue", "")},
        "query": query.urlencode(),
    })


@staff_required
def item_create(request):
    if not may.may_create(request.user):
        messages.error(request, "当前角色不能录入信息")
        return redirect("workbench:home")
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(request.user, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存草稿，索引号 {item.index_no}")
            _notice_warning(request, form)
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": None})


def _notice_warning(request, form) -> None:
    """公示期 already begun or ended: said at once, on saving (the item page and review repeat it)."""
    warning = form.notice_warning()
    if warning:
        messages.warning(request, f"注意：{warning}")


@staff_required
def interpretation_new(request, pk):
    """录入政策解读 of a document (``pk``): drafted beside it, submitted and released with it."""
    document = _item_or_404(request, pk)
    if not may.allows(may.check_create_interpretation, request.user, document.unit):
        messages.error(request, "当前角色不能录入政策解读")
        return redirect("catalog:item", pk=document.pk)
    form = InterpretationItemForm(request.POST or None, unit=document.unit, initial={
        "documents": [document.pk], "title": f"《{_short(document.title)}》政策解读",
        "topic": document.topic_id, "categories": selectors.category_ids(document),
        "written_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        links = form.interpretation_data()
        try:
            item = interpretation_services.create_interpretation(request.user, unit=document.unit, **links,
                                                         **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存政策解读草稿，索引号 {item.index_no}；请与文件一并提交审核")
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": None, "interpretation_of": document})


def _short(title: str) -> str:
    from .demo_interpretations import short_title

    return short_title(title)


def _interpretation_edit(request, item):
    interp = item.interpretation
    form = InterpretationItemForm(request.POST or None, instance=selectors.editable_copy(item), unit=item.unit,
                                  initial={"documents": selectors.document_ids(interp),
                                           "interpretation_form": interp.form, "media_url": interp.media_url,
                                           "interpreter": interp.interpreter})
    if request.method == "POST" and form.is_valid():
        links = form.interpretation_data()
        try:
            interpretation_services.update_interpretation_item(request.user, item, **links, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存")
            _notice_warning(request, form)
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": item,
                                                       "notice": _notice_state(item)})


@staff_required
def item_edit(request, pk):
    item = _item_or_404(request, pk)
    if hasattr(item, "interpretation"):
        return _interpretation_edit(request, item)
    form = ItemForm(request.POST or None, instance=selectors.editable_copy(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, item, **form.cleaned_data)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存")
            _notice_warning(request, form)
            return redirect("catalog:item", pk=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "item": item,
                                                       "notice": _notice_state(item)})


@staff_required
def item_detail(request, pk):
    item = _item_or_404(request, pk)
    user = request.user
    allowed = may.allowed_actions(user, item)
    findings = (services.pii_findings(item, wait=False)
                if item.status != ItemStatus.PUBLISHED or may.allows(may.check_create, user, item.unit) else [])
    interp = getattr(item, "interpretation", None)
    linked = list(interpretations.staff_interpretations(item)) if interp is None else []
    return render(request, "catalog/item_detail.html", {
        "item": item,
        "interp": interp,
        "interp_documents": interpretations.staff_documents(item) if interp is not None else [],
        "linked_interpretations": linked,
        "interp_in_review": [i for i in linked if i.status in interpretations.IN_REVIEW],
        "interp_lag": interpretations.lag_label(item),
        "timeliness": services.item_timeliness(item),
        "notice": _notice_state(item),
        "findings": findings,
        "unchecked": services.unchecked_attachments(item) if item.status != ItemStatus.PUBLISHED else [],
        **selectors.item_records(item),
        "history": documents.item_history(item),
        "allowed": allowed,
        "own_item": may.is_own(user, item),
        "attachment_form": AttachmentForm(), "opinion_form": OpinionForm(), "publish_form": PublishForm(initial={"published_date": timezone.localdate()}),
        "reason_form": ReasonForm(), "repeal_form": RepealForm(initial={"repealed_date": timezone.localdate()}),
        "channel_form": ChannelForm(initial={"published_on": timezone.localdate()}),
    })


def _notice_state(item) -> dict | None:
    """The item's 公示期 against its publication day (today while unpublished) for the page."""
    check = item.notice_check()
    if check is None or item.status == ItemStatus.WITHDRAWN:
        return None
    published = item.published_date is not None
    return {"check": check, "warn": check.state != "on_time", "text": check.message(published=published)}


_action = object_action(lambda request, pk: _item_or_404(request, pk), services.WorkflowError, "catalog:item")


def _form_or_error(form):
    return form_data(form, services.WorkflowError)


@_action
def item_submit(request, item):
    services.submit_item(request.user, item)
    return "已提交审核"


@_action
def item_approve(request, item):
    """同意发布: approved and published in one step (先审后发 still holds: the approval comes first)."""
    data = _form_or_error(OpinionForm(request.POST))
    when = _form_or_error(PublishForm(request.POST))
    services.approve_and_publish(request.user, item, opinion=data["opinion"],
                                 pii_override_reason=data["pii_override_reason"],
                                 published_date=when["published_date"], channels=when["channels"],
                                 interpretation_exempt_reason=data["interpretation_exempt_reason"])
    released = selectors.released_interpretations(item)
    if item.needs_interpretation and released:
        return f"已通过保密审查并发布，关联的{released}份政策解读已同步发布"
    return "已通过保密审查并发布"


@_action
def item_reject(request, item):
    data = _form_or_error(OpinionForm(request.POST))
    services.reject_item(request.user, item, opinion=data["opinion"])
    return "已退回修改"


@_action
def item_publish(request, item):
    data = _form_or_error(PublishForm(request.POST))
    services.publish_item(request.user, item, published_date=data["published_date"], channels=data["channels"])
    return "已发布"


@_action
def item_withdraw(request, item):
    data = _form_or_error(ReasonForm(request.POST))
    services.withdraw_item(request.user, item, reason=data["reason"])
    return "已撤回"


@_action
def item_repeal(request, item):
    data = _form_or_error(RepealForm(request.POST))
    services.repeal_item(request.user, item, repealed_date=data["repealed_date"], reason=data["reason"])
    return "已标记为废止"


@_action
def item_channel(request, item):
    data = _form_or_error(ChannelForm(request.POST))
    services.record_channel(request.user, item, channel=data["channel"], published_on=data["published_on"],
                            note=data["note"])
    return "已登记公开渠道"


@_action
def item_mask(request, item):
    n = services.mask_body_pii(request.user, item)
    return f"已对正文中的{n}处个人信息进行脱敏" if n else "正文中没有可自动脱敏的个人信息（附件须替换）"


@_action
def attachment_upload(request, item):
    form = AttachmentForm(request.POST, request.FILES)
    try:
        data = _form_or_error(form)
        upload = data["file"]
        if upload.size > services.settings.GONGKAI_ATTACHMENT_MAX_BYTES:
            raise services.WorkflowError(f"附件“{upload.name}”超过大小上限")
        att = services.add_attachment(request.user, item, name=upload.name, data=upload.read())
    except services.WorkflowError as exc:
        _upload_refused(item, request.FILES.get("file"), exc)
        raise
    if att.renamed:
        return (f"已上传附件“{att.name}”：文件内容是{attachments.KIND_LABELS[att.kind]}，与原文件名“{upload.name}”"
                "的扩展名不符，已按实际类型保存；正在提取文本以检查个人信息")
    return f"已上传附件“{att.name}”，正在提取文本以检查个人信息"


def _upload_refused(item, upload, exc) -> None:
    """A refused upload is a failure event in the audit log (alerts; bounded per source)."""
    name = (getattr(upload, "name", "") or "")[:200]
    audit.record_failure("item.attachment.refused", item, subject=name, reason=str(exc)[:255],
                   detail={"name": name, "size": getattr(upload, "size", None)})


@staff_required
@require_POST
def attachment_delete(request, pk):
    att = selectors.staff_attachment(request.user, pk)
    try:
        services.remove_attachment(request.user, att)
        messages.success(request, "已删除附件")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("catalog:item", pk=att.item_id)


@staff_required
def attachment_download(request, pk):
    att = selectors.downloadable_attachment(request.user, pk)
    require_clearance(request.user, att.item)  # an attachment carries its item's label
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("附件文件缺失") from None
    return attachments.download(att, handle)


@staff_required
def notice_sheet(request, pk):
    item = _item_or_404(request, pk)
    if item.status != ItemStatus.PUBLISHED:
        raise Http404("只有已发布的信息才能打印公开栏张贴单")
    pdf = documents.notice_sheet_pdf(item)
    response = HttpResponse(pdf, content_type="application/pdf")
    return named(response, f"公开栏张贴单-{item.title}", "pdf", inline=True)

