"""deadline: the answer deadline of an application, computed as the platform does."""
from __future__ import annotations

import datetime as dt

from . import CommandError, setup_django

MAX_EXTENSION = 20  # mirrors application_clock.MAX_EXTENSION_WORKDAYS without importing it at --help time


def register(sub) -> None:
    p = sub.add_parser(
        "deadline", help="print the answer deadline of an application (依申请公开答复期限)",
        description="Print the due date (YYYY-MM-DD) of an application received on DATE: 20 working days "
                    "after receipt (the day itself not counted) on the platform's holiday calendar, or after "
                    "the supplement, with consultation pauses not counted and an optional extension.")
    p.add_argument("--received", required=True, metavar="DATE", help="day the application was received")
    p.add_argument("--supplemented", metavar="DATE", help="day the supplemented application (补正) was received")
    p.add_argument("--extended", nargs="?", type=int, const=MAX_EXTENSION, default=0, metavar="N",
                   help=f"one extension of N working days (default {MAX_EXTENSION})")
    p.add_argument("--paused", action="extend", nargs="+", default=[], metavar="FROM:TO",
                   help="a consultation period (征求意见), both days included; may be repeated")
    p.add_argument("--explain", action="store_true", help="also print how the date was computed")
    p.set_defaults(func=cmd_deadline)


def _date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{what} {value!r} is not a date in YYYY-MM-DD form") from None


def _pause(value: str, received: dt.date) -> tuple[dt.date, dt.date]:
    parts = value.split(":")
    if len(parts) != 2:
        raise CommandError(f"--paused {value!r} must be FROM:TO, e.g. 2026-10-12:2026-10-16")
    start, end = (_date(part, "--paused") for part in parts)
    if start > end:
        raise CommandError(f"--paused {value}: FROM is after TO")
    if start < received:
        raise CommandError(f"--paused {value}: the pause begins before the application was received ({received})")
    return start, end


def _inputs(args) -> tuple[dt.date, dt.date | None, list[tuple[dt.date, dt.date]]]:
    received = _date(args.received, "--received")
    supplemented = _date(args.supplemented, "--supplemented") if args.supplemented else None
    if supplemented and supplemented < received:
        raise CommandError(f"--supplemented {supplemented} is before --received {received}")
    if not 0 <= args.extended <= MAX_EXTENSION:
        raise CommandError(f"--extended takes 0 to {MAX_EXTENSION} working days")
    return received, supplemented, [_pause(v, received) for v in args.paused]


def cmd_deadline(args) -> int:
    received, supplemented, pauses = _inputs(args)
    setup_django()
    from gongkai.domain.application_clock import (
        ClockError,
        ClockInput,
        Pause,
        compute_deadline,
    )
    from gongkai.domain.workdays import UnknownYearError
    from gongkai.workdays.services import get_calendar

    try:
        clock = ClockInput(received, supplemented=supplemented, extension_days=args.extended,
                           pauses=tuple(Pause(a, b) for a, b in pauses))
        deadline = compute_deadline(get_calendar(), clock)
    except UnknownYearError as exc:
        raise CommandError(str(exc), status=3) from None
    except ClockError as exc:  # the checks above should leave none; say it rather than trace back
        raise CommandError(f"invalid dates: {exc}") from None
    print(deadline.due.isoformat())
    if args.explain:
        for line in deadline.lines:
            print(line)
    return 0
