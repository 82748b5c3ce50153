"""Loading the demo: ``load_demo`` creates the county, its users, the catalog items, the
applications, disputes and reports, the watched demo site, the website report, the assessment
scheme and the 政务咨询 messages, in one transaction.

The three years are the current one and the two before it, so the demo still works next year; no
date is ever after today. ``load_demo`` is idempotent: when the county (code ``COUNTY_CODE``)
exists it only returns the demo log-ins.
"""
from __future__ import annotations

import random
import time

from django.db import transaction
from django.utils import timezone

from gongkai.assessment.services import ensure_demo_scheme
from gongkai.consult.demo import load_demo_messages
from gongkai.demo import casework
from gongkai.demo import texts as tx
from gongkai.demo.county import COUNTY_CODE, create_units, create_users, demo_accounts, upgrade_administrators
from gongkai.demo.items import SEED, AttachmentFactory, Loader, fake_id_number, plan_items, seeded_categories
from gongkai.sitereports.demo import load_site_report
from gongkai.watch.demo_site import register_demo_site


def load_demo(progress=None) -> list[tuple[str, str, str]]:
    """Create the demo county, users and items once; return the demo log-ins."""
    from gongkai.units.models import Unit

    say = _reporter(progress)
    if Unit.objects.filter(code=COUNTY_CODE).exists():
        upgrade_administrators()
        say("演示数据已存在，未作改动。")
        return demo_accounts()
    started = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic():
        say("演示数据：创建单位和用户……")
        units = create_units()
        staff = create_users(units)
        plans = plan_items(today, random.Random(SEED))
        say(f"演示数据：按审核发布流程录入 {len(plans)} 条信息……")
        loader = Loader(units, staff, seeded_categories(), AttachmentFactory(), today)
        for done, plan in enumerate(plans, start=1):
            loader.load(plan)
            if done % 100 == 0:
                say(f"  已录入 {done}/{len(plans)} 条（{time.monotonic() - started:.0f} 秒）")
        say("演示数据：登记依申请公开、复议诉讼记录，编制2024年度报告……")
        applications = casework.load_records(units, staff, today, fake_id_number)
        casework.load_disputes(units, staff)
        casework.load_reports(units, staff)
        casework.load_supervision(units, staff, today)
        register_demo_site(units[tx.STREET])
        load_site_report(units[tx.STREET], staff[tx.STREET])  # sitereports: the 2025 website report
        ensure_demo_scheme(2025)
        load_demo_messages(units, staff, today)  # consult: 政务咨询 messages
        say(f"  已登记 {applications} 件申请")
    say(f"演示数据已就绪：{len(plans)} 条信息，用时 {time.monotonic() - started:.1f} 秒。")
    return demo_accounts()


def _reporter(progress):
    def say(line: str) -> None:
        if progress is not None:
            progress.write(line + "\n")
            progress.flush()
    return say
