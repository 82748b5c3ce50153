"""The demo's catalog items: some 560 of them over three years, planned from the templates in
``gongkai.demo.texts`` (pure: titles, bodies, dates, fates, attachments) and loaded through the real
workflow in ``gongkai.catalog.services`` (create, attach, submit, approve by another user, publish),
so index numbers, the audit log and the search index are what a real office would have.
"""
from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.demo import texts as tx
from gongkai.demo.county import COUNTY, OFFICE_HOURS, PUBLISHING_UNITS, UNIT_BY_KEY, UNIT_WEIGHTS, UNITS
from gongkai.domain import taxonomies

SEED = 20190515
TOTAL_ITEMS = 560

# fates of a planned item
PUBLISHED, DRAFT, SUBMITTED, APPROVED, REJECTED = "published", "draft", "submitted", "approved", "rejected"
WITHDRAWN, REPEALED = "withdrawn", "repealed"


def seeded_categories() -> dict[tuple[str, str], object]:
    """Seeded categories by (scheme, code); the seed migration must have run."""
    from gongkai.catalog.models import Category

    found = {(c.scheme, c.code): c for c in Category.objects.all()}
    for scheme, rows in taxonomies.SCHEMES.items():
        missing = [e.code for e in rows if (scheme, e.code) not in found]
        if missing:
            raise RuntimeError(f"分类“{scheme}”缺少 {', '.join(missing[:5])}：请先执行数据库迁移（gongkai migrate）")
    return found


# ---------------------------------------------------------------- planning (pure)

@dataclass
class Plan:
    """One item to create, and how far through the workflow it goes."""

    unit: str
    template: tx.Template
    written: dt.date
    title: str
    body: list[str]
    doc_number: str
    ctx: dict
    fate: str = PUBLISHED
    published: dt.date | None = None
    repealed: dt.date | None = None
    by_admin: bool = False
    rework: bool = False
    opinion: str = ""
    extra_channel: str = ""
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


class _Planner:
    """Draws items in two steps: slots (unit, template, 成文日期, fate), then, in date
    order, their texts, so that 第N批 and 文号 serials rise with the date."""

    def __init__(self, today: dt.date, rng: random.Random):
        self.today, self.rng = today, rng
        self.used_titles: set[str] = set()
        self.used_periods: set[tuple] = set()
        self.doc_serial: dict[tuple[str, int], int] = {}
        self.batch: dict[tuple, int] = {}
        self.by_unit = {k: [t for t in tx.TEMPLATES if k in t.units] for k in PUBLISHING_UNITS}

    def slot(self, lo: dt.date, hi: dt.date, unit: str | None = None, fate: str = PUBLISHED):
        rng = self.rng
        key = unit or rng.choices(list(UNIT_WEIGHTS), weights=list(UNIT_WEIGHTS.values()))[0]
        for _ in range(40):
            templates = self.by_unit[key]
            template = rng.choices(templates, weights=[t.weight for t in templates])[0]
            written = pick_workday(rng, lo, hi, template.months)
            if written is None:
                continue
            period = period_key(key, template, written)
            if period is not None:
                if period in self.used_periods:
                    continue
                self.used_periods.add(period)
            return written, key, template, fate
        return None

    def fill(self, slots) -> list[Plan]:
        plans = []
        for written, key, template, fate in sorted(slots, key=lambda s: (s[0], s[1], s[2].key)):
            for _ in range(5):
                plan = self._fill(key, template, written)
                if plan.title not in self.used_titles:
                    self.used_titles.add(plan.title)
                    plan.fate = fate
                    plans.append(plan)
                    break
        return plans

    def _fill(self, key: str, template: tx.Template, written: dt.date) -> Plan:
        ctx = make_context(self.rng, key, written)
        serial = self.batch.get((key, template.key, written.year), 0) + 1
        self.batch[(key, template.key, written.year)] = serial
        ctx["n"] = serial
        doc_number = self._doc_number(key, template, written.year) if template.doc else ""
        ctx["doc_number"] = doc_number
        if template.table:
            ctx["table"] = roster_table(self.rng, template.table, ctx)
        title = template.title.format_map(ctx)
        body = [p.format_map(ctx) for p in template.paragraphs]
        if template.doc:
            body += [UNIT_BY_KEY[key].name, ctx["date"]]
        attachments = [(kind, gen, name.format_map(ctx)) for kind, gen, name in template.attach]
        return Plan(key, template, written, title, body, doc_number, ctx, attachments=attachments)

    def _doc_number(self, key: str, template: tx.Template, year: int) -> str:
        prefix = template.doc_prefix or UNIT_BY_KEY[key].doc_prefix
        serial = self.doc_serial.get((prefix, year), 0) + self.rng.randint(1, 3)
        self.doc_serial[(prefix, year)] = serial
        return f"{prefix}〔{year}〕{serial}号"


_RANDOM_TITLE_FIELDS = ("{n}", "{village}", "{project}", "{road}", "{rule}", "{reply}", "{opinion}", "{water}",
                        "{doc_number}")


def period_key(key: str, template: tx.Template, written: dt.date):
    """What makes a title unique when it has no drawn part: the unit, the template and
    the year (and month or quarter if the title names them); None if the title draws."""
    if any(f in template.title for f in _RANDOM_TITLE_FIELDS) and not template.yearly:
        return None
    month = written.month if "{month}" in template.title else None
    quarter = (written.month - 1) // 3 if "{quarter}" in template.title else None
    return key, template.key, written.year, month, quarter


def plan_items(today: dt.date, rng: random.Random, total: int = TOTAL_ITEMS) -> list[Plan]:
    """Every item of the demo, in order of 成文日期, with its fate decided."""
    planner = _Planner(today, rng)
    years = [today.year - 2, today.year - 1, today.year]
    slots = _workbench_slots(planner)
    for year, count in zip(years, year_counts(today, years, total - len(slots))):
        lo, hi = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
        slots += [s for s in (planner.slot(lo, hi) for _ in range(count)) if s is not None]
    plans = planner.fill(slots)
    for _ in range(10 * total):  # top up the slots whose titles clashed
        if len(plans) >= total - len(PII_CASES):
            break
        year = rng.choice(years)
        slot = planner.slot(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today))
        plans += planner.fill([slot] if slot else [])
    for plan in plans:
        if plan.fate == PUBLISHED:
            plan.published = publication_date(rng, plan.written, today)
    _assign_fates(rng, plans, today)
    plans += _pii_plans(planner, today - dt.timedelta(21))
    for plan in plans:
        if plan.fate != DRAFT:
            plan.opinion = rng.choice(tx.APPROVAL_OPINIONS)
        plan.by_admin = plan.unit in tx.BASE and rng.random() < 0.25
        if plan.fate in (PUBLISHED, WITHDRAWN, REPEALED) and plan.template.genre == "公示" \
                and plan.unit in tx.BASE and rng.random() < 0.15:
            plan.extra_channel = "service_center"
    plans.sort(key=lambda p: (p.written, p.unit))
    return plans


def year_counts(today: dt.date, years: list[int], total: int) -> list[int]:
    """Items per year in proportion to the days of each year so far (at least 20 this year)."""
    days = [(min(dt.date(y, 12, 31), today) - dt.date(y, 1, 1)).days + 1 for y in years]
    counts = [round(total * d / sum(days)) for d in days]
    if counts[-1] < 20:
        counts[-1] = 20
    counts[0] += total - sum(counts)
    return counts


def pick_workday(rng: random.Random, lo: dt.date, hi: dt.date, months=()) -> dt.date | None:
    """A random Monday–Friday in [lo, hi] (in ``months`` if given); None if there is none."""
    days = [lo + dt.timedelta(d) for d in range((hi - lo).days + 1)]
    if months:
        days = [d for d in days if d.month in months]
    weekdays = [d for d in days if d.weekday() < 5]
    pool = weekdays or ([] if months else days)
    return rng.choice(pool) if pool else None


def publication_date(rng: random.Random, written: dt.date, today: dt.date) -> dt.date:
    """Mostly within a fortnight; about one in eleven far past the 20-working-day limit."""
    if rng.random() < 0.09 and (today - written).days > 60:
        late = written + dt.timedelta(rng.randint(45, 110))
        return min(late, today)
    candidate = written + dt.timedelta(rng.randint(0, 12))
    while candidate.weekday() >= 5 and candidate < today:
        candidate += dt.timedelta(1)
    return min(candidate, today)


def _assign_fates(rng: random.Random, plans: list[Plan], today: dt.date) -> None:
    """Repeal a few rules, withdraw a few items, leave two approved items past due, rework a few."""
    old = [p for p in plans if p.fate == PUBLISHED and (today - p.written).days > 200]
    repealable = [p for p in old if p.template.repealable]
    for plan in rng.sample(repealable, k=min(6, len(repealable))):
        plan.fate = REPEALED
        plan.repealed = min(plan.published + dt.timedelta(rng.randint(150, 500)), today)
    ordinary = [p for p in old if p.fate == PUBLISHED and not p.template.repealable]
    for plan in rng.sample(ordinary, k=min(5, len(ordinary))):
        plan.fate = WITHDRAWN
    stale = [p for p in plans if p.fate == PUBLISHED and 45 <= (today - p.written).days <= 120
             and p.unit in (tx.STREET, tx.MZ)]
    for plan in rng.sample(stale, k=min(2, len(stale))):
        plan.fate, plan.published = APPROVED, None
    reworkable = [p for p in plans if p.fate == PUBLISHED and "公示期" in p.body[-1]]
    for plan in rng.sample(reworkable, k=min(4, len(reworkable))):
        plan.rework = True


def _workbench_slots(planner: _Planner) -> list[tuple]:
    """Recent items still in the workflow, for the clerks' and reviewers' workbench."""
    lo = planner.today - dt.timedelta(21)
    out = []
    for unit, fates in ((tx.STREET, (DRAFT, DRAFT, SUBMITTED, SUBMITTED, APPROVED, REJECTED)),
                        (tx.TOWN, (DRAFT, SUBMITTED, SUBMITTED, APPROVED, APPROVED)),
                        (tx.MZ, (DRAFT, SUBMITTED, APPROVED))):
        out += [s for s in (planner.slot(lo, planner.today, unit, fate) for fate in fates) if s is not None]
    return out


PII_CASES = ((tx.STREET, DRAFT, "王建国", dt.date(1968, 5, 12)),
             (tx.TOWN, DRAFT, "李秀英", dt.date(1975, 11, 3)),
             (tx.TOWN, SUBMITTED, "张德福", dt.date(1959, 2, 27)))


def _pii_plans(planner: _Planner, lo: dt.date) -> list[Plan]:
    """Drafts (and one submitted item) with an unmasked ID and mobile number in the body."""
    rng, out = planner.rng, []
    for unit, fate, name, born in PII_CASES:
        written = pick_workday(rng, lo, planner.today) or planner.today
        template = next(t for t in tx.TEMPLATES if t.key == "temp_aid")
        ctx = make_context(rng, unit, written)
        title = f"关于{ctx['village']}{name}临时救助申请审核情况的公示"
        body = [f"经本人申请、村（社区）入户调查和{ctx['short']}审核，拟对以下困难群众给予临时救助：",
                f"申请人：{name}，居民身份证号码：{fake_id_number(rng, born)}，联系电话：{fake_mobile(rng)}，"
                f"家庭住址：{ctx['village']}3组。因病导致基本生活暂时困难，拟给予临时救助金{ctx['aid_amount']}元。",
                tx.OBJECTION.format_map(ctx)]
        out.append(Plan(unit, template, written, title, body, "", ctx, fate=fate))
    return out


# ---------------------------------------------------------------- context and texts

def make_context(rng: random.Random, key: str, written: dt.date) -> dict:
    """Everything a template may name, drawn for one item."""
    spec = UNIT_BY_KEY[key]
    year, month = written.year, written.month
    households = rng.randint(12, 90)
    persons = households + rng.randint(households // 3, households)
    total = round(rng.uniform(300, 3000), 2)
    basic = round(total * rng.uniform(0.55, 0.8), 2)
    reception = round(rng.uniform(1, 8), 2)
    car = round(rng.uniform(2, 12), 2)
    dibao_std = 650 + 30 * (year - 2024)
    start = written + dt.timedelta(1)
    ctx = {
        "unit": spec.name, "short": spec.short, "county": COUNTY, "code": spec.code,
        "year": year, "y_prev": year - 1, "y_next": year + 1, "month": month,
        "quarter": "一二三四"[(month - 1) // 3], "season": _season(month),
        "term": "春季学期" if month <= 7 else "秋季学期",
        "date": cn_date(written), "start": cn_date(start), "end": cn_date(start + dt.timedelta(6)),
        "phone": spec.phone or UNIT_BY_KEY[tx.COUNTY].phone, "address": spec.address, "hours": OFFICE_HOURS,
        "office": tx.OFFICE.get(key, "办公室"), "level": {"jd": "街道", "zhen": "镇"}.get(key, "县"),
        "village": _village(rng, key), "project": rng.choice(tx.PROJECTS), "water": rng.choice(tx.WATER_PROJECTS),
        "road": rng.choice(tx.ROADS), "firm": rng.choice(tx.FIRMS), "rule": rng.choice(tx.COUNTY_RULES),
        "reply": rng.choice(tx.REPLIES), "opinion": rng.choice(tx.OPINIONS),
        "duties": tx.DUTIES[key], "sections": tx.SECTIONS[key],
        "short_list": "禾兴街道、石桥镇、县民政局", "households": households, "persons": persons,
        "total": f"{total:.2f}", "basic": f"{basic:.2f}", "project_amt": f"{total - basic:.2f}",
        "spent": f"{total * rng.uniform(0.85, 0.98):.2f}", "carry": f"{total * rng.uniform(0.02, 0.1):.2f}",
        "sangong": f"{reception + car:.2f}", "reception": f"{reception:.2f}", "car": f"{car:.2f}",
        "procure": f"{rng.uniform(20, 400):.2f}", "pct": rng.randint(2, 15), "pct2": rng.randint(86, 99),
        "dibao_std": dibao_std, "amount_yuan": f"{persons * dibao_std * rng.uniform(0.5, 0.8):.2f}",
        "aid_amount": rng.choice([1000, 1500, 2000, 3000]),
        "published_n": rng.randint(80, 400), "rules_n": rng.randint(0, 6), "apps_n": rng.randint(2, 40),
        "checks": rng.randint(6, 40), "issues": rng.randint(10, 60), "firms": rng.randint(8, 40),
        "centenarians": rng.randint(0, 3), "projects_n": rng.randint(4, 15), "done_n": rng.randint(1, 4),
        "med_fee": 380 + 20 * (year - 2024), "jobs_n": rng.randint(5, 60), "shows": rng.randint(2, 6),
        "films": rng.randint(4, 12), "aid_n": rng.randint(3, 20), "teams": rng.randint(6, 18),
        "elder_n": rng.randint(900, 4000), "farm_std": rng.choice([95, 100, 105, 110]),
        "area": f"{rng.uniform(50, 900):.1f}", "area_small": rng.randint(200, 3000),
        "machines": rng.randint(10, 80), "rent": rng.randint(300, 700), "raise_std": rng.choice([15, 20, 25]),
        "gdp": f"{rng.uniform(4, 7.5):.1f}", "ind": f"{rng.uniform(4, 9):.1f}",
        "retail": f"{rng.uniform(3, 8):.1f}", "revenue": f"{rng.uniform(8, 20):.2f}",
        "homes_n": rng.randint(8, 20), "beds": rng.randint(900, 2500), "fine": rng.randint(20, 200) * 1000,
        "land_price": rng.choice([48000, 52000, 56000, 61000]), "days": rng.choice([180, 240, 365, 540]),
    }
    ctx["fixed"] = ctx["issues"] - rng.randint(0, 3)
    return ctx


def _season(month: int) -> str:
    return {12: "冬", 1: "冬", 2: "冬", 3: "春", 4: "春", 5: "春", 6: "夏", 7: "夏", 8: "夏"}.get(month, "秋")


def _village(rng: random.Random, key: str) -> str:
    children = [u for u in UNITS if u.parent == key]
    if children:
        return rng.choice(children).short
    local = [u for u in UNITS if u.parent in tx.BASE]
    chosen = rng.choice(local)
    return UNIT_BY_KEY[chosen.parent].short + chosen.short


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def masked_name(rng: random.Random) -> str:
    """A name as published in a 公示: the surname and the last character, e.g. 张*明."""
    surname = rng.choice(tx.SURNAMES)
    given = rng.choice(tx.GIVEN) + (rng.choice(tx.GIVEN) if rng.random() < 0.7 else "")
    return surname + "*" + given[-1] if len(given) > 1 else surname + "*"


def masked_id(rng: random.Random) -> str:
    """A published ID number: first 6 and last 4 digits only (the pii rule's default)."""
    return "439921" + "*" * 8 + f"{rng.randint(0, 999):03d}" + rng.choice("0123456789X")


def roster_table(rng: random.Random, kind: str, ctx: dict) -> str:
    """A small HTML table of (masked) people for a 公示."""
    heads = {
        "dibao": ["序号", "户主姓名", "身份证号", "保障人数", "类别", "变动情况"],
        "housing": ["序号", "户主姓名", "身份证号", "家庭人口", "改造方式", "补助金额（元）"],
        "homestead": ["序号", "申请人", "村民小组", "申请面积（㎡）", "建房方式", "审核意见"],
        "rental": ["序号", "申请人", "家庭人口", "所在社区", "保障方式", "审核结果"],
    }[kind]
    rows = []
    for i in range(1, rng.randint(3, 7) + 1):
        name = masked_name(rng)
        cells = {
            "dibao": [name, masked_id(rng), rng.randint(1, 5), rng.choice(["城市低保", "农村低保"]),
                      rng.choice(["新增", "新增", "退出（收入超标）", "调整保障金"])],
            "housing": [name, masked_id(rng), rng.randint(1, 6), rng.choice(["维修加固", "拆除重建"]),
                        rng.choice([15000, 20000, 30000, 35000])],
            "homestead": [name, f"{rng.randint(1, 9)}组", rng.randint(90, 150), rng.choice(["新建", "原址翻建"]),
                          rng.choice(["同意", "同意", "同意", "补充材料"])],
            "rental": [name, rng.randint(1, 4), rng.choice(["东门社区", "南苑社区", "文昌社区", "桂花社区"]),
                       rng.choice(["实物配租", "租赁补贴"]), rng.choice(["符合条件", "符合条件", "不符合条件"])],
        }[kind]
        rows.append([i, *cells])
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def fake_id_number(rng: random.Random, born: dt.date) -> str:
    """An invented 18-digit resident ID number with a valid MOD 11-2 check digit."""
    first17 = f"439921{born:%Y%m%d}{rng.randint(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
    return first17 + check


def fake_mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def body_html(paragraphs: list[str]) -> str:
    return "".join(p if p.startswith("<table") else f"<p>{p}</p>" for p in paragraphs)


# ---------------------------------------------------------------- attachments

class AttachmentFactory:
    """Small real DOCX, XLSX and PDF files, each distinct one generated once."""

    def __init__(self):
        self._cache: dict[tuple, bytes] = {}

    def get(self, kind: str, generator: str, ctx: dict) -> bytes:
        key = (kind, generator) if kind == "pdf" else (kind, generator, ctx["code"], ctx["year"])
        if key not in self._cache:
            rng = random.Random("/".join(map(str, key)))
            make = {"docx": self._docx, "xlsx": self._xlsx, "pdf": self._pdf}[kind]
            self._cache[key] = make(generator, ctx, rng)
        return self._cache[key]

    @staticmethod
    def _docx(generator: str, ctx: dict, rng: random.Random) -> bytes:
        import docx

        document = docx.Document()
        stable = {"short": ctx["short"], "county": ctx["county"], "year": ctx["year"]}
        document.add_heading(f"{ctx['unit']}文件", level=1)
        for paragraph in tx.DOCX_TEXTS[generator]:
            document.add_paragraph(paragraph.format_map(stable))
        document.add_paragraph(f"{ctx['unit']}　{ctx['year']}年")
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    @staticmethod
    def _xlsx(generator: str, ctx: dict, rng: random.Random) -> bytes:
        import openpyxl

        title, headers, rows = sheet_rows(generator, ctx, rng)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = title[:31]
        sheet.append([f"{ctx['unit']}　{title}"])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    @staticmethod
    def _pdf(generator: str, ctx: dict, rng: random.Random) -> bytes:
        from weasyprint import HTML

        title, paragraphs = tx.PDF_TEXTS[generator]
        title = title.format(county=COUNTY)
        paras = "".join(f"<p>{p.format(county=COUNTY)}</p>" for p in paragraphs)
        html = ("<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2.5cm}"
                "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:12pt;line-height:1.8}"
                "h1{font-size:18pt;text-align:center}</style></head>"
                f"<body><h1>{title}</h1>{paras}</body></html>")
        return HTML(string=html).write_pdf()


def sheet_rows(generator: str, ctx: dict, rng: random.Random) -> tuple[str, list, list]:
    """(sheet title, header row, data rows) for one kind of spreadsheet."""
    return _SHEETS[generator](ctx, rng, _local_places(ctx))


def _budget_sheet(ctx, rng, places):
    items = ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "农林水支出", "住房保障支出"]
    rows = [[i, round(rng.uniform(20, 600), 2), round(rng.uniform(20, 600), 2)] for i in items]
    return "收支预算总表", ["项目", "预算数（万元）", "上年数（万元）"], rows


def _payment_sheet(ctx, rng, places):
    rows = [[i, rng.choice(places), masked_name(rng), rng.randint(1, 4), round(rng.uniform(300, 2400), 2)]
            for i in range(1, 21)]
    return "发放明细", ["序号", "村（社区）", "姓名", "人数", "发放金额（元）"], rows


def _projects_sheet(ctx, rng, places):
    names = rng.sample(tx.PROJECTS + tx.WATER_PROJECTS, 8)
    rows = [[i, name, rng.choice(places), "新建、改造", round(rng.uniform(30, 800), 1),
             f"{ctx['year']}年{rng.randint(6, 12)}月"] for i, name in enumerate(names, start=1)]
    return "项目表", ["序号", "项目名称", "建设地点", "建设内容", "投资（万元）", "计划完成时间"], rows


def _by_place_sheet(ctx, rng, places):
    rows = [[i, place, rng.randint(20, 300), round(rng.uniform(100, 3000), 1), round(rng.uniform(1e4, 3e5), 2)]
            for i, place in enumerate(places, start=1)]
    return "分村明细", ["序号", "村（社区）", "户数", "面积（亩）", "金额（元）"], rows


def _procurement_sheet(ctx, rng, places):
    needs = ["办公设备采购", "物业管理服务", "信息系统运维", "印刷服务", "车辆维修保养"]
    rows = [[i, need, "详见采购文件", round(rng.uniform(5, 120), 2), f"{ctx['year']}年{rng.randint(1, 12)}月"]
            for i, need in enumerate(needs, start=1)]
    return "采购意向", ["序号", "采购项目名称", "采购需求概况", "预算金额（万元）", "预计采购时间"], rows


def _stats_sheet(ctx, rng, places):
    names = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入"]
    rows = [[name, "亿元", round(rng.uniform(5, 150), 2), round(rng.uniform(-2, 9), 1)] for name in names]
    return "主要经济指标", ["指标", "单位", "累计", "同比增长（%）"], rows


def _positions_sheet(ctx, rng, places):
    employers = ["县融媒体中心", "县疾病预防控制中心", "县实验小学", "石桥镇农业农村综合服务中心", "县档案馆"]
    rows = [[f"{ctx['year']}{i:03d}", employer, "专业技术岗", rng.randint(1, 4), "本科及以上", "不限"]
            for i, employer in enumerate(employers, start=1)]
    return "岗位表", ["岗位代码", "招聘单位", "岗位名称", "人数", "学历要求", "专业要求"], rows


def _homes_sheet(ctx, rng, places):
    names = ["青禾县社会福利中心", "石桥镇敬老院", "禾兴街道颐养中心", "青禾县康乐老年公寓"]
    rows = [[i, name, f"青禾县{rng.choice(tx.ROADS)}{rng.randint(1, 200)}号", rng.randint(40, 300),
             rng.choice(["公办", "民办"]), f"0739-555{rng.randint(1000, 9999)}"] for i, name in enumerate(names, 1)]
    return "养老机构名录", ["序号", "机构名称", "地址", "床位数", "性质", "联系电话"], rows


def _fees_sheet(ctx, rng, places):
    fees = [["县自然资源局", "不动产登记费", "国家发展改革委 财政部有关文件", "住宅类每件80元"],
            ["县教育局", "普通高中学费", "省发展改革委 省财政厅有关文件", "按省定标准"],
            ["县民政局", "殡葬服务收费（基本服务）", "省定价目录", "按政府定价"]]
    return "收费目录", ["序号", "执收单位", "收费项目", "收费依据", "收费标准"], \
        [[i, *fee] for i, fee in enumerate(fees, start=1)]


def _student_aid_sheet(ctx, rng, places):
    schools = ["青禾县实验小学", "青禾县城南小学", "石桥镇中心小学", "青禾县第一中学", "石桥镇中学"]
    rows = [[i, school, rng.randint(20, 200), round(rng.uniform(1e4, 2e5), 2)]
            for i, school in enumerate(schools, start=1)]
    return "分校汇总", ["序号", "学校", "资助人数", "资助金额（元）"], rows


_SHEETS = {
    "budget": _budget_sheet, "dibao": _payment_sheet, "aid": _payment_sheet, "elder": _payment_sheet,
    "projects": _projects_sheet, "subsidy": _by_place_sheet, "compensation": _by_place_sheet,
    "procurement": _procurement_sheet, "stats": _stats_sheet, "positions": _positions_sheet,
    "homes": _homes_sheet, "fees": _fees_sheet, "student_aid": _student_aid_sheet,
}


def _local_places(ctx: dict) -> list[str]:
    key = next(u.key for u in UNITS if u.code == ctx["code"])
    children = [u.short for u in UNITS if u.parent == key]
    return children or [u.short for u in UNITS if u.parent in tx.BASE]


# ---------------------------------------------------------------- loading through the workflow

class Loader:
    def __init__(self, units, staff, categories, files: AttachmentFactory, today: dt.date):
        self.units, self.staff, self.categories, self.files, self.today = units, staff, categories, files, today

    def load(self, plan: Plan) -> None:
        from gongkai.catalog import demo_interpretations, services

        team = self.staff[plan.unit]
        clerk = team.clerk
        approver = team.admin if plan.by_admin and team.admin else team.reviewer
        body = plan.body[:-1] if plan.rework else plan.body
        item = services.create_item(clerk, unit=self.units[plan.unit], **self._fields(plan, body))
        for kind, generator, name in plan.attachments:
            services.add_attachment(clerk, item, name=name, data=self.files.get(kind, generator, plan.ctx))
        if plan.fate == DRAFT:
            return self._backdate(item, plan)
        services.submit_item(clerk, item)
        if plan.fate == REJECTED or plan.rework:
            services.reject_item(approver, item, opinion=tx.REJECT_OPINION)
            if plan.fate == REJECTED:
                return self._backdate(item, plan)
            services.update_item(clerk, item, body=body_html(plan.body))
            services.submit_item(clerk, item)
        if plan.fate == SUBMITTED:
            return self._backdate(item, plan)
        demo_interpretations.seed(self, item, plan)  # 政策解读 submitted with its document (同步审签)
        services.approve_item(approver, item, opinion=plan.opinion)
        if plan.fate == APPROVED:
            return self._backdate(item, plan)
        self._publish(services, item, plan, clerk, team.reviewer)

    def _publish(self, services, item, plan: Plan, clerk, reviewer) -> None:
        channels = ("website",)
        if plan.unit in tx.BASE and plan.template.genre == "公示":
            channels = ("website", "notice_board")
        elif plan.doc_number:
            channels = ("website", "document")
        services.publish_item(clerk, item, published_date=plan.published, channels=channels)
        if plan.extra_channel:
            services.record_channel(clerk, item, channel=plan.extra_channel, published_on=plan.published,
                                    note="便民服务中心电子屏")
        if plan.fate == WITHDRAWN:
            reason = random.Random(item.index_no).choice(tx.WITHDRAW_REASONS)
            services.withdraw_item(reviewer, item, reason=reason)
        elif plan.fate == REPEALED:
            services.repeal_item(reviewer, item, repealed_date=plan.repealed, reason=tx.REPEAL_REASON)
        self._backdate(item, plan)

    def _fields(self, plan: Plan, body: list[str]) -> dict:
        t, cats = plan.template, self.categories
        categories = [cats[("statutory", self._statutory_code(plan))]]
        if t.domain:
            categories.insert(0, cats[("domain", taxonomies.code_of("domain", t.domain))])
        return {
            "title": plan.title, "doc_number": plan.doc_number, "written_date": plan.written,
            "publisher": self.units[plan.unit].name, "body": body_html(body),
            "topic": cats[("topic", taxonomies.code_of("topic", t.topic))],
            "genre": cats[("genre", taxonomies.code_of("genre", t.genre))],
            "categories": categories,
        }

    @staticmethod
    def _statutory_code(plan: Plan) -> str:
        if plan.unit == tx.TOWN and plan.template.statutory_town:
            return plan.template.statutory_town
        return plan.template.statutory

    def _backdate(self, item, plan: Plan) -> None:
        """Give records the dates a real office would have left (the audit log keeps the load's own times)."""
        from gongkai.catalog.models import ChannelPublication, Item, Review

        created = _at(plan.written, 9, 30)
        last = plan.published or plan.written
        Item.objects.filter(pk=item.pk).update(created_at=created, updated_at=_at(last, 16, 0))
        if plan.published:
            reviewed = _at(max(plan.written, plan.published - dt.timedelta(1)), 15, 0)
            Review.objects.filter(item_id=item.pk).update(decided_at=reviewed)
            ChannelPublication.objects.filter(item_id=item.pk).update(recorded_at=_at(plan.published, 16, 0))


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
