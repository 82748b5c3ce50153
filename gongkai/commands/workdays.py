"""workdays add / load / show: the working-day calendar from the command line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import CommandError, setup_django


def register(sub) -> None:
    p = sub.add_parser("workdays", help="working-day calendar (工作日): add days, load holiday schedules")
    wsub = p.add_subparsers(dest="workdays_command", metavar="ACTION")

    a = wsub.add_parser("add", help="print the date N working days after DATE (DATE itself not counted)")
    a.add_argument("date", help="start date, YYYY-MM-DD")
    a.add_argument("n", type=int, help="number of working days (>= 0)")
    a.set_defaults(func=cmd_add)

    load = wsub.add_parser(
        "load", help="load a holiday schedule file for one or more years",
        description="File format (UTF-8 CSV), one day per line: DATE,KIND[,NOTE] where KIND is "
                    "holiday (or 休) for a day off and workday (or 班) for a make-up working day; "
                    "'year,YYYY' declares a year known even without lines; '#' starts a comment. "
                    "Loading a year replaces what was entered for it before.")
    load.add_argument("file", help="schedule file")
    load.set_defaults(func=cmd_load)

    show = wsub.add_parser("show", help="list the non-working days and make-up working days of a year")
    show.add_argument("year", type=int)
    show.set_defaults(func=cmd_show)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def cmd_add(args) -> int:
    start = _date(args.date)
    if args.n < 0:
        raise CommandError("N must be zero or more")
    setup_django()
    from gongkai.domain.workdays import UnknownYearError
    from gongkai.workdays.services import get_calendar

    try:
        print(get_calendar().add(start, args.n).isoformat())
    except UnknownYearError as exc:
        raise CommandError(str(exc), status=3) from None
    return 0


def cmd_load(args) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None
    setup_django()
    from gongkai.domain.workdays import ScheduleFormatError
    from gongkai.workdays.services import load_schedule

    try:
        n, years = load_schedule(text, source=path.name)
    except ScheduleFormatError as exc:
        raise CommandError(f"{path}: {exc}; nothing was loaded") from None
    print(f"loaded {n} days for {', '.join(map(str, years))}")
    return 0


def cmd_show(args) -> int:
    setup_django()
    from gongkai.domain.workdays import UnknownYearError
    from gongkai.workdays.services import get_calendar

    cal = get_calendar()
    start, end = dt.date(args.year - 1, 12, 31), dt.date(args.year, 12, 31)
    try:
        cal.is_workday(end)
    except UnknownYearError as exc:
        raise CommandError(str(exc), status=3) from None
    for day in sorted(set(cal.overrides) | set(cal.notes)):
        if start < day <= end:
            kind = "workday" if cal.is_workday(day) else "holiday"
            print(f"{day.isoformat()},{kind},{cal.notes.get(day, '')}".rstrip(","))
    return 0
