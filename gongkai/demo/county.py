"""The demo county (青禾县): its units (a 街道, a 镇, villages and communities, four 县直部门),
a user for every role in each publishing unit, and the three administrators (三员分立).

All names, codes, addresses and phone numbers are invented.
"""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.demo import texts as tx

DEMO_PASSWORD = "qinghe-demo"
COUNTY_CODE = "QH000"
COUNTY = "青禾县"
OFFICE_HOURS = "周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）"


@dataclass(frozen=True)
class UnitSpec:
    key: str
    code: str
    name: str
    short: str
    kind: str
    parent: str | None
    doc_prefix: str = ""
    address: str = ""
    phone: str = ""


UNITS = [
    UnitSpec(tx.COUNTY, COUNTY_CODE, "青禾县人民政府", COUNTY, "county", None, "青政发",
             "青禾县禾兴大道88号", "0739-5550100"),
    UnitSpec(tx.STREET, "QH100", "青禾县禾兴街道办事处", "禾兴街道", "subdistrict", tx.COUNTY, "禾兴街发",
             "青禾县文昌路16号", "0739-5550211"),
    UnitSpec("jd1", "QH101", "禾兴街道东门社区居民委员会", "东门社区", "community", tx.STREET),
    UnitSpec("jd2", "QH102", "禾兴街道南苑社区居民委员会", "南苑社区", "community", tx.STREET),
    UnitSpec("jd3", "QH103", "禾兴街道文昌社区居民委员会", "文昌社区", "community", tx.STREET),
    UnitSpec("jd4", "QH104", "禾兴街道桂花社区居民委员会", "桂花社区", "community", tx.STREET),
    UnitSpec(tx.TOWN, "QH200", "青禾县石桥镇人民政府", "石桥镇", "township", tx.COUNTY, "石桥镇发",
             "青禾县石桥镇新街1号", "0739-5550322"),
    UnitSpec("zhen1", "QH201", "石桥镇石桥村村民委员会", "石桥村", "village", tx.TOWN),
    UnitSpec("zhen2", "QH202", "石桥镇柳湾村村民委员会", "柳湾村", "village", tx.TOWN),
    UnitSpec("zhen3", "QH203", "石桥镇上坪村村民委员会", "上坪村", "village", tx.TOWN),
    UnitSpec("zhen4", "QH204", "石桥镇枫林村村民委员会", "枫林村", "village", tx.TOWN),
    UnitSpec(tx.MZ, "QH301", "青禾县民政局", "县民政局", "department", tx.COUNTY, "青民发",
             "青禾县禾兴大道102号", "0739-5550431"),
    UnitSpec(tx.CZ, "QH302", "青禾县财政局", "县财政局", "department", tx.COUNTY, "青财发",
             "青禾县禾兴大道90号", "0739-5550442"),
    UnitSpec(tx.ZR, "QH303", "青禾县自然资源局", "县自然资源局", "department", tx.COUNTY, "青自然资发",
             "青禾县滨河路7号", "0739-5550453"),
    UnitSpec(tx.JY, "QH304", "青禾县教育局", "县教育局", "department", tx.COUNTY, "青教发",
             "青禾县南苑路21号", "0739-5550464"),
]
UNIT_BY_KEY = {u.key: u for u in UNITS}
PUBLISHING_UNITS = (tx.COUNTY, tx.STREET, tx.TOWN, tx.MZ, tx.CZ, tx.ZR, tx.JY)
# share of the items each unit writes
UNIT_WEIGHTS = {tx.COUNTY: 15, tx.STREET: 23, tx.TOWN: 23, tx.MZ: 10, tx.CZ: 10, tx.ZR: 10, tx.JY: 9}

# (username, role, unit key, full name)
USERS = [
    ("county_supervisor", "supervisor", tx.COUNTY, "周文静"),
    ("county_clerk", "clerk", tx.COUNTY, "林晓"),
    ("county_reviewer", "reviewer", tx.COUNTY, "郑国华"),
    ("jd_clerk", "clerk", tx.STREET, "陈思雨"),
    ("jd_reviewer", "reviewer", tx.STREET, "黄建军"),
    ("jd_admin", "unit_admin", tx.STREET, "吴敏"),
    ("zhen_clerk", "clerk", tx.TOWN, "刘洋"),
    ("zhen_reviewer", "reviewer", tx.TOWN, "杨志强"),
    ("zhen_admin", "unit_admin", tx.TOWN, "何丽"),
    ("mz_clerk", "clerk", tx.MZ, "孙悦"),
    ("mz_reviewer", "reviewer", tx.MZ, "马卫东"),
    ("cz_clerk", "clerk", tx.CZ, "朱琳"),
    ("cz_reviewer", "reviewer", tx.CZ, "胡海涛"),
    ("zr_clerk", "clerk", tx.ZR, "郭峰"),
    ("zr_reviewer", "reviewer", tx.ZR, "罗建平"),
    ("jy_clerk", "clerk", tx.JY, "梁静"),
    ("jy_reviewer", "reviewer", tx.JY, "宋立新"),
]
# 三员分立 (GB/T 22239-2019 8.1.5): no superuser, three administrators without a unit or business data
ADMINISTRATORS = [("sysadmin", "sysadmin", "系统管理员"), ("secadmin", "secadmin", "安全管理员"),
                  ("auditadmin", "auditadmin", "审计管理员")]


def demo_accounts() -> list[tuple[str, str, str]]:
    """The demo log-ins: (username, role label, unit name)."""
    from gongkai.units.models import Role

    rows = [(name, Role(role).label, "（三员，不属于单位）") for name, role, _ in ADMINISTRATORS]
    rows += [(name, Role(role).label, UNIT_BY_KEY[unit].name) for name, role, unit, _ in USERS]
    return rows



def upgrade_administrators() -> None:
    """A demo database from before 三员分立 had a superuser ``admin``, which now stops startup
    (gongkai.security.checks): disable it and add the three administrators."""
    from django.contrib.auth.hashers import make_password

    from gongkai.units.models import User

    User.objects.filter(is_superuser=True, is_active=True).update(is_active=False)
    for username, role, full_name in ADMINISTRATORS:
        if not User.objects.filter(username=username).exists():
            User.objects.create(username=username, password=make_password(DEMO_PASSWORD), role=role,
                                full_name=full_name, is_staff=role == "sysadmin")


def create_units() -> dict:
    from gongkai.units.models import Unit

    units = {}
    for order, spec in enumerate(UNITS, start=1):
        units[spec.key] = Unit.objects.create(
            name=spec.name, short_name=spec.short, code=spec.code, kind=spec.kind,
            parent=units.get(spec.parent), address=spec.address, phone=spec.phone,
            office_hours=OFFICE_HOURS if spec.phone else "", sort_order=order * 10,
            fax=spec.phone, email=f"gk{spec.code.lower()}@qinghe.example" if spec.phone else "",
            letter_prefix=spec.doc_prefix.removesuffix("发") + "公开" if spec.doc_prefix else "")  # 禾兴街公开〔2026〕1号
    return units


@dataclass
class Staff:
    clerk: object
    reviewer: object
    admin: object = None


def create_users(units) -> dict[str, Staff]:
    from django.contrib.auth.hashers import make_password

    from gongkai.units.models import User

    hashed = make_password(DEMO_PASSWORD)  # one slow hash for all: they share the password anyway
    made = {}
    for username, role, unit_key, full_name in USERS:
        made[username] = User.objects.create(
            username=username, password=hashed, unit=units[unit_key], role=role, full_name=full_name,
            email=f"{username}@qinghe.example")  # reminders land in var/mail/ (file backend)
    for username, role, full_name in ADMINISTRATORS:
        User.objects.create(username=username, password=hashed, role=role, full_name=full_name,
                            is_staff=role == "sysadmin")
    staff = {}
    for key in PUBLISHING_UNITS:
        prefix = "county" if key == tx.COUNTY else key
        staff[key] = Staff(made[f"{prefix}_clerk"], made[f"{prefix}_reviewer"], made.get(f"{prefix}_admin"))
    return staff
