"""Duties and people (工作职责), the website duty log (值守签字) and training (培训) of a unit.

Nothing here is ever deleted by the workbench: a change of staff closes an assignment
(``end_on``) and opens a new one, so the history of who was responsible stays.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.units.models import Unit


class Duty(models.TextChoices):
    """The duties every unit names a person for."""

    LEADER = "leader", "分管领导"
    DISCLOSURE = "disclosure", "信息公开"
    APPLICATIONS = "applications", "依申请办理"
    WEBSITE = "website", "网站维护与安全"
    SECRECY = "secrecy", "保密审查"


class GroupRole(models.TextChoices):
    """Role in the leading group (政务公开工作领导小组)."""

    HEAD = "head", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"


class ActiveOn(models.QuerySet):
    def active_on(self, day):
        """Records in effect on ``day`` (from ``start_on`` up to and including ``end_on``)."""
        return self.filter(Q(end_on__isnull=True) | Q(end_on__gte=day), start_on__lte=day)


class LeadingGroupMember(models.Model):
    """A member of the unit's leading group for government affairs openness (政务公开工作领导小组)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="leading_group")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100)
    group_role = models.CharField("小组职务", max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER)
    start_on = models.DateField("起始日期")
    end_on = models.DateField("截止日期", null=True, blank=True)

    objects = ActiveOn.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "领导小组成员"
        ordering = ["unit", "group_role", "start_on", "pk"]

    def __str__(self):
        return f"{self.name}（{self.get_group_role_display()}）"


class DutyAssignment(models.Model):
    """The person responsible for one duty of a unit over a period (责任人)."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="duty_assignments")
    duty = models.CharField("职责", max_length=20, choices=Duty.choices)
    person_name = models.CharField("姓名", max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="平台账号", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="duty_assignments")
    phone = models.CharField("办公电话", max_length=50, blank=True)
    start_on = models.DateField("起始日期")
    end_on = models.DateField("截止日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ActiveOn.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职责分工"
        ordering = ["unit", "duty", "-start_on", "-pk"]
        indexes = [models.Index(fields=["unit", "duty", "start_on"])]

    def __str__(self):
        return f"{self.get_duty_display()}：{self.person_name}"


class SignoffKind(models.TextChoices):
    """The website regime's checks a responsible person signs off."""

    DAILY = "daily", "每日检查"
    MAINTENANCE = "maintenance", "三日维护"
    WEEKLY = "weekly", "每周清理"


class DutySignoff(models.Model):
    """One sign-off (签字) of a check in the website duty log, with the watchdog's run attached."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="duty_signoffs")
    kind = models.CharField("类型", max_length=20, choices=SignoffKind.choices)
    date = models.DateField("检查日期")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签字人", on_delete=models.PROTECT,
                                  related_name="+")
    signed_at = models.DateTimeField("签字时间", auto_now_add=True)
    check_run = models.ForeignKey("watch.CheckRun", verbose_name="检查记录", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "值守签字"
        ordering = ["-date", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "date"], name="duties_signoff_unique_day")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class TrainingSession(models.Model):
    """A training session (培训), e.g. 学习《条例》."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="training_sessions")
    date = models.DateField("培训日期")
    topic = models.CharField("培训内容", max_length=200)
    trainer = models.CharField("授课人", max_length=100, blank=True)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, default=1)
    materials = models.FileField("培训材料", upload_to="duties/training/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "培训"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"


class Attendance(models.Model):
    """Whether one person attended a session (参训情况)."""

    session = models.ForeignKey(TrainingSession, verbose_name="培训", on_delete=models.CASCADE,
                                related_name="attendance")
    person_name = models.CharField("姓名", max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="平台账号", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    attended = models.BooleanField("出席", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "参训人员"
        ordering = ["session", "-attended", "pk"]

    def __str__(self):
        return self.person_name


class ReserveStaff(models.Model):
    """A person marked as reserve staff (后备人员) for the unit's disclosure work."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="reserve_staff")
    person_name = models.CharField("姓名", max_length=50)
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "后备人员"
        ordering = ["unit", "pk"]

    def __str__(self):
        return self.person_name
