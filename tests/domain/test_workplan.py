"""Work-point rules: on time, parent completion, the section 六 paragraph."""
import datetime as dt

from gongkai.domain import workplan as rules

D = dt.date


def test_parent_completes_on_the_day_of_the_last_child():
    assert rules.parent_completion([]) is None
    assert rules.parent_completion([("done", D(2026, 5, 1)), ("submitted", None)]) is None
    assert rules.parent_completion([("done", D(2026, 5, 1)), ("done", D(2026, 5, 9))]) == D(2026, 5, 9)


def test_on_time_and_overdue():
    assert rules.on_time("done", D(2026, 6, 30), D(2026, 6, 30))
    assert not rules.on_time("done", D(2026, 6, 30), D(2026, 7, 1))
    assert rules.is_overdue("returned", D(2026, 6, 30), D(2026, 7, 1))
    assert not rules.is_overdue("done", D(2026, 6, 30), D(2026, 7, 1))


def test_section_six_lists_documents_once_and_names_late_tasks():
    t = rules.TaskLine
    higher = [t("制定计划", "略政办〔2016〕77号", D(2025, 3, 1), "done", D(2025, 2, 1)),
              t("公开财务", "略政办〔2016〕77号", D(2025, 6, 30), "done", D(2025, 7, 2)),
              t("培训", "略政办〔2025〕3号", D(2025, 9, 1), "done", D(2025, 8, 1))]
    assert rules.section_six(2025, higher, [], []) == (
        "2025年，本单位承担上级政务公开工作要点任务3项（略政办〔2016〕77号、略政办〔2025〕3号），按期完成2项，"
        "1项逾期完成：“公开财务”（略政办〔2016〕77号）期限6月30日，7月2日完成。")
    assert rules.section_six(2025, [], [], []) == ""


def test_a_done_task_without_its_completion_date_is_told_so_not_a_crash():
    # before: the late-task sentence read completed_on.month of None (AttributeError in the report draft)
    task = rules.TaskLine("公开财政预决算", "县政办发〔2025〕3号", dt.date(2025, 6, 30), rules.DONE, None)
    text = rules.section_six(2025, [task], [], [])
    assert "1项逾期完成" in text and "已完成但未记录完成日期" in text
