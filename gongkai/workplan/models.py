"""Work points (工作要点): documents that hand tasks down, the tasks (broken down to sub-units)
and the evidence the owner unit submits."""
from django.conf import settings
from django.db import models

from gongkai.domain import workplan as rules
from gongkai.units.models import Unit


class DocumentKind(models.TextChoices):
    HIGHER = "higher", "上级文件"
    OWN = "own", "本单位年度政务公开工作要点"


class WorkPointDocument(models.Model):
    """A document of work points (工作要点): a higher-level document or a unit's own annual
    政务公开工作要点, issued by ``unit``."""

    unit = models.ForeignKey(Unit, verbose_name="发文单位", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True, help_text="如“略政办〔2016〕77号”")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=20, choices=DocumentKind.choices, default=DocumentKind.HIGHER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点文件"
        ordering = ["-year", "-id"]

    def __str__(self):
        return f"{self.title}（{self.doc_number}）" if self.doc_number else self.title


class EvidenceKind(models.TextChoices):
    ITEM = rules.ITEM, "已发布的公开信息"
    FILE = rules.FILE, "文件"
    NOTE = rules.NOTE, "文字说明"


class TaskStatus(models.TextChoices):
    OPEN = rules.OPEN, "待办理"
    SUBMITTED = rules.SUBMITTED, "已提交待验收"
    DONE = rules.DONE, "已完成"
    RETURNED = rules.RETURNED, "已退回"


class Task(models.Model):
    """One task (任务) of a work-point document, owned by ``unit``; a task broken down to the
    units below its owner has children, and the parent's owner is their issuing side."""

    document = models.ForeignKey(WorkPointDocument, verbose_name="工作要点文件", on_delete=models.PROTECT,
                                 related_name="tasks")
    parent = models.ForeignKey("self", verbose_name="上级任务", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    owner_name = models.CharField("责任人姓名", max_length=50, blank=True)
    title = models.CharField("任务", max_length=300)
    requirement = models.TextField("工作要求", blank=True)
    due_on = models.DateField("完成时限")
    evidence_kind = models.CharField("佐证材料", max_length=10, choices=EvidenceKind.choices,
                                     default=EvidenceKind.NOTE)
    status = models.CharField("状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN,
                              db_index=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["unit", "due_on"])]

    def __str__(self):
        return self.title

    @property
    def issuer_unit(self):
        """The issuing side: the parent task's owner, or the document's unit."""
        return self.parent.unit if self.parent_id else self.document.unit

    @property
    def issuer_unit_id(self):
        return self.parent.unit_id if self.parent_id else self.document.unit_id

    def is_overdue_on(self, today) -> bool:
        return rules.is_overdue(self.status, self.due_on, today)

    @property
    def is_late(self) -> bool:
        return self.status == TaskStatus.DONE and not rules.on_time(self.status, self.due_on, self.completed_on)

    @property
    def owner_display(self) -> str:
        return (self.owner.display_name if self.owner else "") or self.owner_name


def evidence_path(instance, filename):
    return f"workplan/{instance.task.unit.code}/{instance.sha256[:2]}/{instance.sha256}.{instance.file_kind}"


class TaskEvidence(models.Model):
    """佐证材料 submitted for a task: a published item of the owner unit, a file or a note."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("类型", max_length=10, choices=EvidenceKind.choices)
    item = models.ForeignKey("catalog.Item", verbose_name="公开信息", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    file = models.FileField("文件", upload_to=evidence_path, max_length=255, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    note = models.TextField("说明", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交日期")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务佐证材料"
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.task}"
