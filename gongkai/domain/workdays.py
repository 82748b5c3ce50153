"""Working-day calendar (工作日历) for every statutory clock.

A day is a working day unless it is a weekend or an official holiday, and a
weekend day that the State Council declares a make-up working day (调休上班)
is a working day. Official schedules come from the ``chinese_calendar``
package; an admin enters schedules for years the package does not cover.
A date in a year with no known schedule is never guessed: ``UnknownYearError``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from collections.abc import Iterable, Iterator, Mapping

HOLIDAY = "holiday"
WORKDAY = "workday"
_KIND_WORDS = {
    "holiday": HOLIDAY, "休": HOLIDAY, "假": HOLIDAY, "节假日": HOLIDAY, "放假": HOLIDAY,
    "workday": WORKDAY, "班": WORKDAY, "上班": WORKDAY, "调休上班": WORKDAY, "工作日": WORKDAY,
}


class UnknownYearError(LookupError):
    """A date falls in a year whose holiday schedule nobody has entered."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"no holiday schedule is known for {year}; enter it with "
            f"'gongkai workdays load FILE' (或在管理后台录入 {year} 年节假日安排)"
        )


class ScheduleFormatError(ValueError):
    """A schedule file line that cannot be read; the message names the line."""


@dataclass(frozen=True)
class DayOverride:
    """One day of an official schedule that differs from the Mon–Fri rule."""

    date: dt.date
    kind: str  # HOLIDAY or WORKDAY
    note: str = ""


def builtin_schedule() -> tuple[dict[dt.date, str], set[int]]:
    """Overrides and covered years from the chinese_calendar package."""
    from chinese_calendar import constants

    days: dict[dt.date, str] = {}
    for day in constants.holidays:
        if day.weekday() < 5:
            days[day] = HOLIDAY
    for day in constants.workdays:
        if day.weekday() >= 5:
            days[day] = WORKDAY
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    return days, years


@dataclass
class WorkdayCalendar:
    """Working days from per-day overrides of the Monday-to-Friday week."""

    overrides: dict[dt.date, str] = field(default_factory=dict)
    known_years: set[int] = field(default_factory=set)
    notes: dict[dt.date, str] = field(default_factory=dict)

    @classmethod
    def official(cls, extra: Iterable[DayOverride] = (), extra_years: Iterable[int] = ()) -> WorkdayCalendar:
        """The package's schedule, with admin-entered days laid over it."""
        days, years = builtin_schedule()
        cal = cls(dict(days), set(years))
        for year in extra_years:
            cal.known_years.add(year)
        for o in extra:
            cal.overrides[o.date] = o.kind
            if o.note:
                cal.notes[o.date] = o.note
            cal.known_years.add(o.date.year)
        return cal

    def _check_year(self, day: dt.date) -> None:
        if day.year not in self.known_years:
            raise UnknownYearError(day.year)

    def is_workday(self, day: dt.date) -> bool:
        self._check_year(day)
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == WORKDAY
        return day.weekday() < 5

    def add(self, start: dt.date, n: int) -> dt.date:
        """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        self._check_year(day)
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def skipped(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Non-working days after ``start`` up to ``end``, each with why: for explaining a deadline."""
        out, day = [], start
        while day < end:
            day += dt.timedelta(days=1)
            if not self.is_workday(day):
                reason = self.notes.get(day) or ("法定节假日" if day in self.overrides else "周末")
                out.append((day, reason))
        return out

    def makeup_workdays(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Weekend days worked (调休上班) after ``start`` up to ``end``."""
        return [d for d, k in sorted(self.overrides.items()) if start < d <= end and k == WORKDAY]


def parse_schedule(text: str) -> tuple[list[DayOverride], set[int]]:
    """Read a schedule file (UTF-8 CSV): ``DATE,KIND[,NOTE]`` per line.

    KIND is ``holiday``/``休`` or ``workday``/``班``. ``year,YYYY`` declares a
    year as known even if it has no line of its own. ``#`` starts a comment.
    Raises ScheduleFormatError naming the first bad line; nothing is half-read.
    """
    overrides: list[DayOverride] = []
    years: set[int] = set()
    seen: dict[dt.date, int] = {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    lineno = 0
    while (row := _next_row(reader, lineno + 1)) is not None:
        lineno += 1
        cells = [c.strip() for c in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if cells[0].lower() in ("year", "年份"):
            years.add(_parse_year(cells, lineno))
            continue
        if cells[0].lower() in ("date", "日期"):
            continue  # header row
        if len(cells) < 2:
            raise ScheduleFormatError(f"line {lineno}: expected DATE,KIND[,NOTE], got {','.join(cells)!r}")
        try:
            day = dt.date.fromisoformat(cells[0])
        except ValueError:
            raise ScheduleFormatError(f"line {lineno}: {cells[0]!r} is not a date (YYYY-MM-DD)") from None
        kind = _KIND_WORDS.get(cells[1].lower())
        if kind is None:
            raise ScheduleFormatError(f"line {lineno}: kind {cells[1]!r} must be holiday/休 or workday/班")
        if day in seen:
            raise ScheduleFormatError(f"line {lineno}: {day} already given on line {seen[day]}")
        seen[day] = lineno
        note = cells[2] if len(cells) > 2 else ""
        if len(note) > MAX_NOTE:
            raise ScheduleFormatError(f"line {lineno}: the note is longer than {MAX_NOTE} characters")
        overrides.append(DayOverride(day, kind, note))
        years.add(day.year)
    if not years:
        raise ScheduleFormatError("the file names no day and no year")
    return overrides, years


MAX_NOTE = 100   # ScheduleDay.note


def _next_row(reader: Iterator[list[str]], lineno: int) -> list[str] | None:
    """The next row's cells, None at the end; a row the csv module cannot read (a field past its
    size limit) is a ScheduleFormatError, not a crash."""
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise ScheduleFormatError(f"line {lineno}: {exc}") from None


def _parse_year(cells: list[str], lineno: int) -> int:
    try:
        year = int(cells[1])
    except (IndexError, ValueError):
        raise ScheduleFormatError(f"line {lineno}: 'year' needs a four-digit year") from None
    if not 1990 <= year <= 2200:
        raise ScheduleFormatError(f"line {lineno}: year {year} is out of range")
    return year


def calendar_from(overrides: Mapping[dt.date, tuple[str, str]], years: Iterable[int]) -> WorkdayCalendar:
    """Official calendar plus stored admin entries ``{date: (kind, note)}``."""
    extra = [DayOverride(d, k, n) for d, (k, n) in overrides.items()]
    return WorkdayCalendar.official(extra, years)
