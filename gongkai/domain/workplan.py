"""Work points (工作要点) and their tasks: the rules that need no database.

A higher-level document (上级文件, e.g. 略政办〔2016〕77号) or a unit's own annual
政务公开工作要点 is entered as tasks; a task may be broken down (分解) to the units below its
owner. A task is on time when it was completed (accepted by the issuing side) on or before
its due date; a parent task is done when all its children are done, on the day the last
one was.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OPEN, SUBMITTED, DONE, RETURNED = "open", "submitted", "done", "returned"
ITEM, FILE, NOTE = "item", "file", "note"


def is_overdue(status: str, due_on: dt.date, today: dt.date) -> bool:
    """Not done and the due date has passed."""
    return status != DONE and due_on < today


def _completed(day: dt.date | None) -> str:
    """A done task without its date is reported as such, never as a crash or a guessed day."""
    return f"{day.month}月{day.day}日完成" if day is not None else "已完成但未记录完成日期"


def on_time(status: str, due_on: dt.date, completed_on: dt.date | None) -> bool:
    return status == DONE and completed_on is not None and completed_on <= due_on


def parent_completion(children: list[tuple[str, dt.date | None]]) -> dt.date | None:
    """The day a parent task is done: when every child (status, completed_on) is done, the
    latest child completion; None while any child is not done (or there is none)."""
    if not children or any(status != DONE for status, _ in children):
        return None
    return max(day for _, day in children if day is not None)


@dataclass(frozen=True)
class TaskLine:
    """One task as section 六 of the annual report tells it."""

    title: str
    doc_number: str
    due_on: dt.date
    status: str
    completed_on: dt.date | None


def _doc_list(numbers: list[str]) -> str:
    seen = list(dict.fromkeys(n for n in numbers if n))
    return "、".join(seen)


def _task_ref(t: TaskLine) -> str:
    ref = f"“{t.title}”"
    if t.doc_number:
        ref += f"（{t.doc_number}）"
    return ref


def section_six(year: int, higher: list[TaskLine], own: list[TaskLine], own_numbers: list[str]) -> str:
    """The paragraph for section 六 “落实上级年度政务公开工作要点情况” of the annual report.

    ``higher`` are the unit's tasks from higher-level documents due in ``year``, ``own`` the
    tasks of its own annual 工作要点; ``own_numbers`` the 文号 of its own documents of the year.
    Empty when there is nothing to tell.
    """
    if not higher and not own and not own_numbers:
        return ""
    sentences = []
    if higher:
        ontime = [t for t in higher if on_time(t.status, t.due_on, t.completed_on)]
        late = [t for t in higher if t.status == DONE and t not in ontime]
        undone = [t for t in higher if t.status != DONE]
        docs = _doc_list([t.doc_number for t in higher])
        s = f"{year}年，本单位承担上级政务公开工作要点任务{len(higher)}项"
        if docs:
            s += f"（{docs}）"
        s += f"，按期完成{len(ontime)}项"
        if late:
            s += f"，{len(late)}项逾期完成：" + "；".join(
                f"{_task_ref(t)}期限{t.due_on.month}月{t.due_on.day}日，{_completed(t.completed_on)}" for t in late)
        if undone:
            s += f"，{len(undone)}项尚未完成：" + "；".join(
                f"{_task_ref(t)}期限{t.due_on.month}月{t.due_on.day}日" for t in undone)
        sentences.append(s + "。")
    if own or own_numbers:
        docs = _doc_list(own_numbers)
        s = f"本单位制定{year}年度政务公开工作要点" + (f"（{docs}）" if docs else "")
        if own:
            done = sum(1 for t in own if t.status == DONE)
            s += f"，分解任务{len(own)}项，已完成{done}项"
        sentences.append(s + "。")
    return "".join(sentences)
