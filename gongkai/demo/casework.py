"""Demo applications, 复议/诉讼 cases, yearly figures and annual reports of the 青禾县 demo county.

Everything goes through the same service functions the workbench uses (numbers, the clock, the
audit log), on dates in the past, so the demo's queues, statistics and reports are what real use
would produce: 2024 reports are published, 2025 is left for the demo's reviewer to build and sign.
"""
from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import uscc

from gongkai.domain.decisions import DECISION_TYPES

# decision code → weight; the shares look like real grassroots offices' tables
DECISION_WEIGHTS = {"granted": 40, "partial": 8, "withheld.4": 3, "withheld.6": 3, "withheld.8": 2,
                    "unavailable.1": 18, "unavailable.2": 4, "not_processed.1": 3, "not_processed.2": 3,
                    "other.3": 4}
APPLICANTS = [("natural_person", 70), ("commercial", 14), ("research", 3), ("public_welfare", 2),
              ("legal_services", 7), ("other_org", 4)]
SUBJECTS = ["{place}征地补偿安置方案及补偿标准", "{year}年{place}城乡低保对象名单及发放标准",
            "{place}老旧小区改造项目立项批复", "{year}年度{unit}部门预算及“三公”经费说明",
            "{place}农村危房改造补助资金发放明细", "{place}道路建设项目招标文件及中标结果",
            "{unit}关于{place}规划调整的批复文件", "{year}年{place}惠民补贴资金发放情况"]
PLACES = ["石桥村", "柳湾村", "南苑社区", "文昌社区", "桂花社区", "上坪村", "枫林村", "禾兴大道沿线"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
PER_YEAR = {2024: 26, 2025: 32, 2026: 24}


def fake_credit_code(rng: random.Random) -> str:
    body = f"91439921MA{rng.randint(0, 9999999):07d}"
    return body + uscc.calc_check_digit(body)


def _applicant(rng: random.Random, fake_id) -> dict:
    kind = rng.choices([k for k, _ in APPLICANTS], [w for _, w in APPLICANTS])[0]
    if kind == "natural_person":
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
        number = fake_id(rng, dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)))
    else:
        name = f"青禾县{rng.choice(['禾丰', '恒信', '同心', '明德', '正和'])}{rng.choice(['农业开发有限公司', '律师事务所', '公益服务中心', '建筑工程有限公司'])}"
        number = fake_credit_code(rng)
    return {"applicant_type": kind, "name": name, "id_number": number,
            "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}", "email": "",
            "address": f"青禾县{rng.choice(PLACES)}{rng.randint(1, 99)}号", "info_form": rng.choice(["paper", "electronic"]),
            "delivery": "pickup"}


def _description(rng: random.Random, year: int, unit) -> str:
    return rng.choice(SUBJECTS).format(place=rng.choice(PLACES), year=year, unit=unit.short_name or unit.name)


def load_records(units: dict, staff: dict, today: dt.date, fake_id, seed: int = 2026) -> int:
    """Create the demo's applications and what follows from them; returns how many applications."""
    from gongkai.applications.handling import codes
    from gongkai.applications.handling import services
    from gongkai.workdays.services import get_calendar

    rng, cal, made = random.Random(seed), get_calendar(), 0
    for key, people in staff.items():
        unit = units[key]
        for year, count in PER_YEAR.items():
            for _ in range(count):
                received = _received(rng, year, today)
                if received is None:
                    continue
                data = dict(_applicant(rng, fake_id), description=_description(rng, year, unit),
                            channel=rng.choice(["counter", "counter", "registered_mail", "email", "fax"]),
                            received_on=received)
                app = services.register_at_counter(people.clerk, data=data, submission_key=codes.new_token()).application
                _carry_through(rng, cal, app, people, today)
                made += 1
    return made


def _received(rng: random.Random, year: int, today: dt.date) -> dt.date | None:
    start = dt.date(year, 1, 2)
    end = min(dt.date(year, 12, 31), today - dt.timedelta(days=1))
    if end <= start:
        return None
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _carry_through(rng, cal, app, people, today: dt.date) -> None:
    """Answer most applications in time; a few take 补正 or an extension; recent ones stay open."""
    from gongkai.applications.handling import services

    if rng.random() < 0.08 and cal.add(app.received_on, 3) < today:
        asked = cal.add(app.received_on, rng.randint(1, 5))
        app = services.request_supplement(people.clerk, app, requested_on=min(asked, today),
                                          items="请明确所需信息的具体名称、文号或者时间范围")
        back = cal.add(app.supplement_requested_on, rng.randint(2, 8))
        if back >= today:
            return
        app = services.receive_supplement(people.clerk, app, received_on=back)
    start = app.supplemented_on or app.received_on
    answer = cal.add(start, rng.randint(2, 19))
    if answer >= today or (start.year < today.year and answer.year > start.year and rng.random() < 0.5):
        return  # still open: due soon or overdue in today's queues, or carried over at 31 December
    code = rng.choices(list(DECISION_WEIGHTS), list(DECISION_WEIGHTS.values()))[0]
    kind = next(t for t in DECISION_TYPES if t.code == code)
    basis = kind.bases[0].citation if kind.bases else "申请人主动撤回申请"
    services.record_decision(people.clerk, app, decision_code=code, basis=basis, answered_on=answer, text="详见告知书。")


def load_disputes(units: dict, staff: dict) -> int:
    """Two 复议 and one 诉讼 against answers that refused information."""
    from gongkai.applications.models import Application, Status
    from gongkai.disputes import services

    cases = [("jd", "reconsideration", "upheld"), ("mz", "reconsideration", "corrected"),
             ("zr", "litigation_direct", "pending")]
    made = 0
    for key, kind, outcome in cases:
        app = (Application.objects.filter(unit=units[key], status=Status.ANSWERED, answered_on__year=2025)
               .exclude(decision_type__in=["granted"]).order_by("answered_on").first())
        if app is None:
            continue
        filed = app.answered_on + dt.timedelta(days=20)
        closed = filed + dt.timedelta(days=60) if outcome != "pending" else None
        body = "青禾县人民政府" if kind == "reconsideration" else "青禾县人民法院"
        services.create(staff[key].clerk, app, data={"kind": kind, "filed_on": filed, "body": body,
                                                      "case_number": f"青政复〔2025〕{made + 3}号"
                                                      if kind == "reconsideration" else "（2025）湘0921行初12号",
                                                      "outcome": outcome, "closed_on": closed})
        made += 1
    return made


def load_reports(units: dict, staff: dict) -> None:
    """Yearly figures for 2024 and 2025; every office's 2024 report built, signed and published."""
    from gongkai.reports import services

    for key, people in staff.items():
        unit = units[key]
        for year in (2024, 2025):
            services.save_figures(people.clerk, unit, year=year, values={
                "licensing": 40 + len(unit.name) * (year - 2020), "punishment": 3 + year % 5, "enforcement": year % 3,
                "fees_wan_yuan": "0", "platform_facts": f"{unit.name}通过青禾县人民政府门户网站政府信息公开专栏和政务公开栏发布信息。"})
        report = services.build(people.clerk, unit, year=2024)
        report = services.save_narrative(people.clerk, report,
                                         texts={"new_problems": "政务公开栏更新不够及时\n依申请公开答复文书格式不够统一"}, improvements=[])
        services.submit(people.clerk, report)
        signer = people.admin if people.admin else people.reviewer
        report = services.publish(signer, report, warning_reason="演示数据" if report.warnings else "")
        # the demo's history: these went out on time in January 2025, not on the day the demo loads
        type(report).objects.filter(pk=report.pk).update(
            published_at=dt.datetime(2025, 1, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def load_supervision(units: dict, staff: dict, today: dt.date) -> None:
    """Responsible persons, leading groups and training in every office; the county's 2025 工作要点
    handed down to the street and the town (one done and accepted, one still open)."""
    from gongkai.duties import services as duties
    from gongkai.units.models import User
    from gongkai.workplan import services as workplan

    for key, people in staff.items():
        unit, manager = units[key], people.admin or people.reviewer
        duties.transfer(manager, unit, duties=["leader"], person_name=people.reviewer.full_name, on=dt.date(2024, 1, 2),
                        person_user=people.reviewer, phone=unit.phone)
        duties.transfer(manager, unit, duties=["disclosure", "applications", "website", "secrecy"],
                        person_name=people.clerk.full_name, on=dt.date(2024, 1, 2), person_user=people.clerk,
                        phone=unit.phone)
        duties.add_group_member(manager, unit, name=people.reviewer.full_name, position="分管副职", group_role="head",
                                start_on=dt.date(2024, 1, 2))
        duties.add_group_member(manager, unit, name=people.clerk.full_name, position="政务公开工作人员", group_role="member",
                                start_on=dt.date(2024, 1, 2))
        for day, topic in ((dt.date(2025, 3, 14), "学习《中华人民共和国政府信息公开条例》"),
                           (dt.date(2025, 9, 12), "依申请公开答复规范与文书模板")):
            duties.add_session(manager, unit, data={
                "date": day, "topic": topic, "trainer": "县政务公开办", "hours": 2,
                "present": f"{people.clerk.full_name}\n{people.reviewer.full_name}"})
    supervisor = User.objects.get(username="county_supervisor")
    county = supervisor.unit
    doc = workplan.create_document(supervisor, county, data={"title": "青禾县2025年政务公开工作要点",
                                                        "doc_number": "青政办〔2025〕12号", "year": 2025})
    for key, title, due in (("jd", "在政务公开专栏公开老旧小区改造项目清单及进度", dt.date(2025, 6, 30)),
                            ("zhen", "编制并公开乡镇政务公开事项标准目录", dt.date(2025, 11, 28))):
        task = workplan.add_task(supervisor, doc, data={"unit": units[key], "title": title, "due_on": due,
                                                   "evidence_kind": "note"})
        if key == "jd":
            workplan.submit_evidence(staff[key].clerk, task, note="已在政务公开专栏“重点领域信息公开”栏目公开并按月更新。")
            workplan.accept(supervisor, task)
