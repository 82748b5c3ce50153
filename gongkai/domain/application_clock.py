"""The statutory clock of disclosure on application (依申请公开答复期限).

The rules, from the 2019 条例 (国务院令第711号):

- 第三十一条 fixes the day an application counts as received (收到申请之日)
  for each channel; this module takes that date as given.
- 第三十三条第一款: an application answered on the spot (当场答复) closes the
  same day.
- 第三十三条第二款: otherwise the answer is due within 20 working days of
  receipt; one extension (延期) of at most 20 working days, approved by the
  head of the disclosure office and told to the applicant.
- 第三十三条第三款: time spent consulting a third party (第三十二条) or another
  agency (第三十四条) is not counted.
- 第三十条: a notice to supplement an unclear application (补正) goes out
  within 7 working days of receipt; the 20 days then run from the day the
  supplemented application is received; an applicant who does not supplement
  within the period the office set is treated as having given up (视为放弃).

Interpretive choices (the 条例 is silent on them; domain.md §1.3 marks them
UNVERIFIED), made once here so every screen, letter and command agrees:

- **The start day is not counted.** "自收到申请之日起20个工作日内" is read
  like the 民法典 rule for periods: counting begins on the next day. The same
  holds for the supplement, the 7-day notice limit, a 补正 period and the
  third party's 15 days. An application received on a holiday therefore has
  the same due date as one received on the last working day before it.
- **工作日 is the calendar's working day**: Monday to Friday except official
  holidays, plus the weekend days the State Council declares worked (调休上班).
  A year with no schedule raises ``UnknownYearError``; it is never guessed.
- **A consultation pause covers both its first and last day.** The first day
  is the day the 征求意见书 goes out, the last the day the reply arrives (or
  the reply period ends). Every working day in between is not counted.
  Overlapping pauses count each day once. A pause that starts after the clock
  has run out does not revive it.
- **Pause and extension.** The extension extends the period of 第三十三条
  第二款 and 第三款 excludes consultation time from that whole period, so a
  pause inside the extension also stops the clock. The original due date
  (the one the extension must be approved by) already takes earlier pauses
  into account. Approval on the original due date itself is in time.
- **Supplement awaited.** While a 补正 notice is out and nothing has come
  back there is no answer deadline (the clock has not started):
  ``compute_deadline`` raises ``SupplementPending``; the date that matters
  then is ``supplement_expires``.
- **Waiting for the 信息处理费 does not count (our reading).** 国办函〔2020〕109号
  gives the applicant 20 working days from the day after receiving the 收费通知
  to pay, and the office cannot answer before knowing whether it will be paid.
  We read the days from issuing the notice to the day of payment (both
  included, like a consultation) as not counted toward the 20 working days,
  as most published office practice does. This is UNVERIFIED in domain.md §3:
  neither the 条例 nor the 109号 text we hold says so. While the notice is
  unpaid the pause runs to the payment deadline (from the issue day when the
  day of receipt is not yet recorded); unpaid by then, the application is
  given up (``other.2``) and the clock no longer matters.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from itertools import groupby

from .workdays import UnknownYearError, WorkdayCalendar

__all__ = [
    "CONSULTATION",
    "CONSULTATION_WORKDAYS",
    "FEE",
    "FEE_CITATION",
    "MAX_EXTENSION_WORKDAYS",
    "OTHER_AGENCY",
    "PAUSE_KINDS",
    "REPLY_WORKDAYS",
    "SUPPLEMENT_NOTICE_WORKDAYS",
    "THIRD_PARTY",
    "ClockError",
    "ClockInput",
    "Deadline",
    "Pause",
    "Step",
    "SupplementPending",
    "UnknownYearError",
    "compute_deadline",
    "consultation_reply_due",
    "is_overdue",
    "supplement_expires",
    "supplement_lapsed",
    "supplement_notice_due",
    "with_extension",
    "working_days_left",
]

REPLY_WORKDAYS = 20               # 第三十三条第二款
MAX_EXTENSION_WORKDAYS = 20       # 第三十三条第二款
SUPPLEMENT_NOTICE_WORKDAYS = 7    # 第三十条
CONSULTATION_WORKDAYS = 15        # 第三十二条、第三十四条: the consulted party's time to reply

THIRD_PARTY = "third_party"
OTHER_AGENCY = "other_agency"
CONSULTATION = "consultation"     # either of the two, when the record does not say which
FEE = "fee"                       # waiting for the 信息处理费 (our reading, see the module docstring)
FEE_CITATION = "国办函〔2020〕109号"
# kind -> (label in an explanation, 条例 article that provides for the pause)
PAUSE_KINDS = {
    THIRD_PARTY: ("征求第三方意见", "第三十二条"),
    OTHER_AGENCY: ("征求其他机关意见", "第三十四条"),
    CONSULTATION: ("征求意见", None),
    FEE: ("等待缴纳信息处理费", None),
}

_WEEKDAYS = "一二三四五六日"
# chinese_calendar's holiday names, for explaining official schedules.
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class ClockError(ValueError):
    """Dates that cannot describe one application; the message is in Chinese
    for the form, ``field`` names the input at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class SupplementPending(ClockError):
    """A 补正 notice is out and the supplement has not arrived: no due date yet."""


@dataclass(frozen=True)
class Pause:
    """A consultation (征求意见), or the wait for the 信息处理费 (``FEE``), during which the clock
    stands still, both days included."""

    start: dt.date
    end: dt.date
    kind: str = CONSULTATION

    def __post_init__(self) -> None:
        if self.kind not in PAUSE_KINDS:
            raise ClockError(f"未知的暂停类型：{self.kind}", "pauses")
        if self.start > self.end:
            raise ClockError(f"征求意见的起始日期{self.start}晚于结束日期{self.end}", "pauses")

    @property
    def label(self) -> str:
        return PAUSE_KINDS[self.kind][0]

    def days(self) -> set[dt.date]:
        return {self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)}


@dataclass(frozen=True)
class ClockInput:
    """What the clock of one application depends on. Validated on creation."""

    received: dt.date
    supplement_requested: dt.date | None = None   # day the 补正 notice went out
    supplemented: dt.date | None = None           # day the supplemented application was received
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0
    extension_approved: dt.date | None = None     # day the head of the office approved it
    on_the_spot: bool = False                     # 当场答复

    def __post_init__(self) -> None:
        self._check_pauses()
        object.__setattr__(self, "pauses", tuple(sorted(self.pauses, key=lambda p: (p.start, p.end))))
        self._check_supplement()
        self._check_extension()
        if self.on_the_spot and (self.supplement_requested or self.supplemented or self.pauses
                                 or self.extension_days):
            raise ClockError("当场答复的申请不涉及补正、征求意见或延期", "on_the_spot")

    def _check_supplement(self) -> None:
        if self.supplement_requested and self.supplement_requested < self.received:
            raise ClockError("补正告知日期不能早于收到申请日期", "supplement_requested")
        if self.supplemented and self.supplemented < self.received:
            raise ClockError("收到补正日期不能早于收到申请日期", "supplemented")
        if self.supplement_requested and self.supplemented and self.supplemented < self.supplement_requested:
            raise ClockError("收到补正日期不能早于补正告知日期", "supplemented")

    def _check_pauses(self) -> None:
        for pause in self.pauses:
            if not isinstance(pause, Pause):
                raise ClockError("征求意见期间格式不正确", "pauses")
            if pause.start < self.received:
                raise ClockError(f"征求意见的起始日期{pause.start}早于收到申请日期{self.received}", "pauses")

    def _check_extension(self) -> None:
        if not isinstance(self.extension_days, int) or not 0 <= self.extension_days <= MAX_EXTENSION_WORKDAYS:
            raise ClockError(f"延长的期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条第二款）",
                             "extension_days")
        if self.extension_approved and not self.extension_days:
            raise ClockError("填写了延期同意日期，但延期天数为0", "extension_days")
        if self.extension_approved and self.extension_approved < self.received:
            raise ClockError("延期同意日期不能早于收到申请日期", "extension_approved")

    @property
    def clock_start(self) -> dt.date:
        """The day the 20 working days run from (not itself counted)."""
        return self.supplemented or self.received


@dataclass(frozen=True)
class Step:
    """One line of how a due date was computed, for the application page."""

    kind: str          # received, supplement, start, holiday, makeup, pause, weekend, extension, warning, due
    text: str
    start: dt.date | None = None
    end: dt.date | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Deadline:
    """The answer deadline (答复期限) and how it was reached."""

    due: dt.date
    explanation: tuple[Step, ...] = field(default=())
    base_due: dt.date | None = None     # without the extension
    paused_workdays: int = 0            # working days not counted because of consultations

    @property
    def lines(self) -> list[str]:
        return [step.text for step in self.explanation]


def with_extension(clock: ClockInput, days: int = MAX_EXTENSION_WORKDAYS,
                   approved: dt.date | None = None) -> ClockInput:
    """``clock`` with its one extension (default: the full 20 working days)."""
    return replace(clock, extension_days=days, extension_approved=approved)


def compute_deadline(cal: WorkdayCalendar, clock: ClockInput) -> Deadline:
    """The due date of ``clock`` on ``cal``, with its explanation."""
    steps = [Step("received", f"收到申请：{clock.received}（条例第三十一条）", clock.received)]
    if clock.on_the_spot:
        steps.append(Step("due", f"当场答复（条例第三十三条第一款），答复期限：{clock.received}", clock.received))
        return Deadline(clock.received, tuple(steps), clock.received)
    if clock.supplement_requested and not clock.supplemented:
        raise SupplementPending("已告知补正，尚未收到补正：答复期限自收到补正之日起计算（条例第三十条）",
                                "supplemented")
    steps += _supplement_steps(cal, clock)
    start = clock.clock_start
    paused = frozenset().union(*(p.days() for p in clock.pauses))
    base_due = _count(cal, start, REPLY_WORKDAYS, paused)
    due = _count(cal, base_due, clock.extension_days, paused)
    _check_extension_in_time(clock, base_due)

    events = _calendar_steps(cal, start, due, paused) + _pause_steps(cal, clock.pauses, start, due)
    events.sort(key=lambda s: (s.start or dt.date.min, s.kind != "holiday"))
    steps += [s for s in events if s.start is not None and s.start <= base_due]
    if clock.extension_days:
        steps.append(Step("extension", f"原答复期限：{base_due}", base_due))
        steps.append(_extension_step(clock))
    steps += [s for s in events if s.start is not None and s.start > base_due]
    weekend = _weekend_days(cal, start, due)
    if weekend:
        steps.append(Step("weekend", f"其间周末共{weekend}天不计"))
    steps.append(Step("due", f"答复期限：{due}", due))
    counted_pause = sum(1 for d in paused if start < d <= due and cal.is_workday(d))
    return Deadline(due, tuple(steps), base_due, counted_pause)


def _count(cal: WorkdayCalendar, start: dt.date, n: int, paused: frozenset[dt.date]) -> dt.date:
    """The ``n``-th working day after ``start`` that no pause covers."""
    cal.is_workday(start)  # an unknown start year is refused even when n == 0
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if cal.is_workday(day) and day not in paused:
            counted += 1
    return day


def _check_extension_in_time(clock: ClockInput, base_due: dt.date) -> None:
    if clock.extension_approved and clock.extension_approved > base_due:
        raise ClockError(
            f"延期须在答复期限届满前经政府信息公开工作机构负责人同意（条例第三十三条第二款）："
            f"原答复期限为{base_due}，同意日期{clock.extension_approved}已超过", "extension_approved")


def _supplement_steps(cal: WorkdayCalendar, clock: ClockInput) -> list[Step]:
    if not clock.supplemented:
        return [Step("start", f"自收到申请次日起计算{REPLY_WORKDAYS}个工作日（条例第三十三条第二款，"
                              f"收到申请当日不计）", clock.received)]
    steps = []
    if clock.supplement_requested:
        limit = supplement_notice_due(cal, clock.received)
        steps.append(Step("supplement", f"告知补正：{clock.supplement_requested}（条例第三十条，"
                                        f"最迟应于{limit}告知）", clock.supplement_requested))
        if clock.supplement_requested > limit:
            steps.append(Step("warning", f"补正告知晚于法定期限：应于收到申请之日起"
                                         f"{SUPPLEMENT_NOTICE_WORKDAYS}个工作日内、最迟{limit}告知",
                              clock.supplement_requested))
    steps.append(Step("start", f"收到补正：{clock.supplemented}，答复期限自该日次日起重新计算"
                               f"{REPLY_WORKDAYS}个工作日（条例第三十条）", clock.supplemented))
    return steps


def _extension_step(clock: ClockInput) -> Step:
    text = f"延期{clock.extension_days}个工作日（条例第三十三条第二款）"
    if clock.extension_approved:
        text += f"，负责人于{clock.extension_approved}同意"
    return Step("extension", text, clock.extension_approved)


def _calendar_steps(cal: WorkdayCalendar, start: dt.date, end: dt.date, paused: frozenset[dt.date]) -> list[Step]:
    """Holiday blocks skipped and 调休 weekend days counted in (start, end]."""
    steps = []
    for run in _runs([d for d, _ in cal.skipped(start, end)]):
        if any(d.weekday() < 5 or d in cal.notes for d in run):  # a weekend alone is summed up, not listed
            name = _holiday_name(cal, run)
            suffix = "：" if name.endswith(("假", "休")) else "放假："
            steps.append(Step("holiday", f"{name}{suffix}{_span(run[0], run[-1])}不计", run[0], run[-1]))
    for day in cal.makeup_workdays(start, end):
        if day.weekday() >= 5 and day not in paused:
            steps.append(Step("makeup", f"调休上班：{day}（星期{_WEEKDAYS[day.weekday()]}）计入", day))
    return steps


def _pause_steps(cal: WorkdayCalendar, pauses: tuple[Pause, ...], start: dt.date, due: dt.date) -> list[Step]:
    steps: list[Step] = []
    seen: set[dt.date] = set()
    for pause in pauses:
        span = f"{pause.start}至{pause.end}"
        if pause.start > due:
            steps.append(Step("pause", f"{pause.label}：{span}在答复期限届满后开始，不影响答复期限",
                              pause.start, pause.end))
            continue
        workdays = {d for d in pause.days() if start < d <= due and cal.is_workday(d)}
        new, overlap = workdays - seen, workdays & seen
        seen |= workdays
        steps.append(Step("pause", f"{pause.label}：{span}暂停（{_pause_detail(pause, start, new, overlap)}，"
                                   f"{_pause_citation(pause)}）", pause.start, pause.end))
    return steps


def _pause_detail(pause: Pause, start: dt.date, new: set[dt.date], overlap: set[dt.date]) -> str:
    if pause.end <= start:
        return "在答复期限起算之前，不影响答复期限"
    if new and overlap:
        return f"{len(new)}个工作日不计，另有{len(overlap)}个工作日与此前的暂停重叠"
    if overlap:
        return f"所含{len(overlap)}个工作日已在此前的暂停中不计"
    if new:
        return f"{len(new)}个工作日不计"
    return "期间均为休息日"


def _pause_citation(pause: Pause) -> str:
    if pause.kind == FEE:
        return FEE_CITATION
    article = PAUSE_KINDS[pause.kind][1]
    return f"条例{article}、第三十三条第三款" if article else "条例第三十三条第三款"


def _weekend_days(cal: WorkdayCalendar, start: dt.date, end: dt.date) -> int:
    """Non-working days in (start, end] that belong to no holiday block."""
    total = 0
    for run in _runs([d for d, _ in cal.skipped(start, end)]):
        if not any(d.weekday() < 5 or d in cal.notes for d in run):
            total += len(run)
    return total


def _runs(days: list[dt.date]) -> list[list[dt.date]]:
    """Consecutive calendar days grouped together."""
    return [[d for _, d in grp] for _, grp in groupby(enumerate(days), key=lambda x: x[1].toordinal() - x[0])]


def _holiday_name(cal: WorkdayCalendar, run: list[dt.date]) -> str:
    """The names of the holidays in a block: the admin's note first, then the
    official schedule's name, else a plain 法定节假日."""
    names: list[str] = []
    for day in run:
        name = cal.notes.get(day) or _official_name(day)
        if name and name not in names:
            names.append(name)
    return "、".join(names) or "法定节假日"


def _official_name(day: dt.date) -> str | None:
    try:
        from chinese_calendar import get_holiday_detail

        on_holiday, name = get_holiday_detail(day)
    except (ImportError, NotImplementedError):
        return None
    return _HOLIDAY_NAMES.get(name) if on_holiday and name else None


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return str(first)
    tail = last.strftime("%m-%d") if first.year == last.year else str(last)
    return f"{first}至{tail}"


def supplement_notice_due(cal: WorkdayCalendar, received: dt.date) -> dt.date:
    """Last day to send the one-time 补正 notice (条例第三十条: 7 working days)."""
    return cal.add(received, SUPPLEMENT_NOTICE_WORKDAYS)


def supplement_expires(cal: WorkdayCalendar, notice_received: dt.date, workdays: int) -> dt.date:
    """Last day the applicant may supplement: ``workdays`` working days (the
    reasonable period the office set in the notice) after the day the applicant
    received the notice. Nothing by then → treated as given up (视为放弃),
    the report's ``other.1``."""
    if not isinstance(workdays, int) or workdays < 1:
        raise ClockError("补正期限应为至少1个工作日", "supplement_workdays")
    return cal.add(notice_received, workdays)


def supplement_lapsed(cal: WorkdayCalendar, notice_received: dt.date, workdays: int, today: dt.date,
                      supplemented: dt.date | None = None) -> bool:
    """True once the 补正 period has passed with no supplement received within it."""
    expires = supplement_expires(cal, notice_received, workdays)
    if supplemented is not None and supplemented <= expires:
        return False
    return today > expires


def consultation_reply_due(cal: WorkdayCalendar, letter_received: dt.date) -> dt.date:
    """Last day of the consulted party's 15 working days (第三十二条、第三十四条):
    the end of a pause while the reply is still awaited."""
    return cal.add(letter_received, CONSULTATION_WORKDAYS)


def is_overdue(deadline: Deadline | dt.date, today: dt.date) -> bool:
    """Past the due date: the due day itself is still in time."""
    due = deadline.due if isinstance(deadline, Deadline) else deadline
    return today > due


def working_days_left(cal: WorkdayCalendar, today: dt.date, due: dt.date) -> int:
    """Working days after ``today`` up to ``due``: 0 on the due day, negative
    (working days late) once it has passed."""
    if today <= due:
        return cal.between(today, due)
    return -cal.between(due, today)
