from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from gongkai.domain import security_labels

from . import audit_seal  # the chain: seq, prev_mac, mac under the chain lock


class UnitKind(models.TextChoices):
    """单位类型."""

    COUNTY = "county", "县（市、区）人民政府"
    TOWNSHIP = "township", "乡镇人民政府"
    SUBDISTRICT = "subdistrict", "街道办事处"
    DEPARTMENT = "department", "县直部门"
    VILLAGE = "village", "村（居）委会"
    COMMUNITY = "community", "社区"


class Unit(models.Model):
    """A unit (单位) in the tree 县 → 乡镇/街道 → 村/社区, 县直部门.

    ``path`` is the materialised chain of ids (``/1/4/9/``) so a supervisor's
    sub-tree is one indexed prefix query.
    """

    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.CharField(
        "单位代码", max_length=20, unique=True,
        validators=[RegexValidator(r"^[0-9A-Z]{2,20}$", "单位代码只能由2–20位数字或大写字母组成")],
        help_text="用于生成索引号，如组织机构代码或统一社会信用代码中段",
    )
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    letter_prefix = models.CharField("文书发文字号前缀", max_length=30, blank=True,
                                     help_text="依申请公开文书的文号前缀，如“青街公开”，文号为“青街公开〔2026〕3号”；"
                                               "留空则用单位简称加“依申公开”")
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def clean(self):
        node = self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": "上级单位不能是本单位或其下级单位"})
            node = node.parent

    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != old_path:
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:  # moved: re-root the sub-tree
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    Unit.objects.filter(pk=child.pk).update(path=child.path)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Unit.objects.filter(pk__in=ids[:-1]).order_by("path")


class Role(models.TextChoices):
    """用户角色."""

    CLERK = "clerk", "信息公开工作人员"
    REVIEWER = "reviewer", "审核人（分管领导）"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    SUPERVISOR = "supervisor", "政务公开主管（上级）"
    # 三员分立 (GB/T 22239-2019 8.1.5): administration split in three, none holding business data.
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


BUSINESS_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN, Role.SUPERVISOR)
ADMINISTRATOR_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN)
STAFF_FLAG_ROLES = (Role.UNIT_ADMIN, Role.SUPERVISOR, Role.SYSADMIN)  # may open /admin/ (scoped there)


def staff_flag(role: str) -> bool:
    """``is_staff`` (Django admin entry) follows the role, never set by hand."""
    return role in STAFF_FLAG_ROLES


class User(AbstractUser):
    """A person who works on disclosure in exactly one unit."""

    unit = models.ForeignKey(Unit, verbose_name="所属单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="users")
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CLERK)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # 身份鉴别 (8.1.4.1 a): passwords are changed on first use and periodically.
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # 访问控制 (8.1.4.2 c): expired or long-idle accounts are disabled by a daily job.
    expires_at = models.DateTimeField("账户有效期至", null=True, blank=True)
    # 安全标记 (8.1.4.2 g): the subject's clearance, set by 安全管理员; empty = the role's default.
    clearance = models.PositiveSmallIntegerField("安全许可级别", choices=security_labels.CHOICES,
                                                 null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    @property
    def effective_clearance(self) -> security_labels.Level:
        return security_labels.clearance(self.role, self.clearance)


ACTION_LABELS = {
    "item.create": "录入", "item.update": "修改", "item.submit": "提交审核", "item.approve": "保密审查通过",
    "item.reject": "退回修改", "item.publish": "发布", "item.withdraw": "撤回", "item.repeal": "废止",
    "item.channel": "登记公开渠道", "item.pii.mask": "个人信息脱敏", "item.attachment.add": "上传附件",
    "item.attachment.remove": "删除附件", "item.interpretation.link": "关联政策解读", "audit.export": "导出操作日志", "audit.search": "检索操作日志", "audit.verify": "校验操作日志",
    "audit.purge": "清理过期操作日志", "audit.report": "查看审计报表", "system.backup": "备份",
    "system.restore": "恢复", "catalog.reminder": "发送时限提醒",
    "application.submit": "网上提交申请", "application.register": "登记申请",
    "application.supplement_request": "告知补正", "application.supplement_receive": "收到补正",
    "application.due_recomputed": "节假日安排变更，重新计算答复期限",
    "application.pause_start": "发出征求意见书", "application.pause_end": "登记收到意见",
    "application.extension_request": "申请延期答复", "application.extension_approve": "同意延期答复",
    "application.decide": "作出答复", "application.export": "导出申请台账", "application.letter": "生成文书", "application.letter_issue": "编发文号", "application.import": "导入申请台账",
    "application.fee_issue": "发出收费通知", "application.fee_received": "登记收到收费通知", "application.fee_paid": "登记缴纳信息处理费", "application.fee_lapsed": "逾期未缴费，自动办结", "application.supplement_lapsed": "逾期未补正，自动办结", "application.delivery": "登记送达", "application.delivery_confirm": "确认送达", "application.delivery_online": "网上送达（申请人下载）",
    "application.assign": "分配承办人", "application.take": "认领申请（我来办理）", "application.reminder": "发送答复期限提醒",
    "dispute.create": "登记复议诉讼案件", "dispute.update": "更新复议诉讼结果",
    "report.build": "生成年度报告", "report.edit": "修改年度报告正文", "report.figures": "填报年度业务数据", "report.figures_import": "导入年度业务数据",
    "report.submit": "提交年度报告", "report.return": "退回年度报告", "report.publish": "签发并发布年度报告",
    "report.archive": "存档历史年度报告", "report.reminders": "发送年度报告提醒", "report.audit": "审查年度报告",
    "watch.site.create": "登记守护网站", "watch.site.update": "修改守护网站", "watch.check": "网站检查", "watch.check.request": "发起立即检查", "watch.maintenance": "分派网站整改任务", "watch.alert": "发送网站安全告警", "watch.finding.open": "发现网站问题", "watch.finding.assigned": "分派网站问题", "watch.finding.fixed": "标记网站问题已整改", "watch.finding.verified": "复核网站问题已整改", "watch.finding.reopened": "网站问题复核未通过",
    "duties.transfer": "人员调动（职责交接）", "duties.group_add": "添加领导小组成员", "duties.group_end": "领导小组成员离任", "duties.signoff": "网站值守签字", "duties.training": "登记培训", "duties.reserve_add": "登记后备人员", "duties.reserve_remove": "移出后备人员",
    "assessment.scheme.create": "制定考核方案", "assessment.scheme.update": "修改考核方案", "assessment.adjust": "考核手动加减分", "assessment.export": "导出考核排名",
    "workplan.document.create": "录入工作要点文件", "workplan.task.create": "录入工作要点任务", "workplan.task.break_down": "分解工作要点任务", "workplan.task.submit": "提交任务佐证材料", "workplan.task.accept": "验收工作要点任务", "workplan.task.return": "退回工作要点任务", "workplan.task.complete": "下级任务全部完成，任务办结", "workplan.reminder": "发送工作要点任务提醒",
}


class Outcome(models.TextChoices):
    """事件结果."""

    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"


class AuditEntry(models.Model):
    """One line of the append-only audit log (操作日志): who did what to which record, when, from where."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True,
                             on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    action = models.CharField("操作", max_length=50, db_index=True)
    target_type = models.CharField("对象类型", max_length=50, blank=True, db_index=True)
    target_id = models.CharField("对象编号", max_length=50, blank=True, db_index=True)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=255, blank=True)
    # 安全审计 (8.1.4.3 b): whether the event succeeded, why, and which request wrote it.
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS,
                               db_index=True)
    reason = models.CharField("原因", max_length=255, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True, db_index=True)
    # The tamper-evident chain (8.1.4.3 c), gongkai/domain/audit_chain.py.
    seq = models.PositiveBigIntegerField("链序号", null=True, blank=True, unique=True)
    prev_mac = models.CharField("前一条校验码", max_length=64, blank=True)
    mac = models.CharField("校验码", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("操作日志只能追加，不能修改")
        audit_seal.seal_and_insert(self, lambda: super(AuditEntry, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise PermissionError("操作日志只能追加，不能删除")
