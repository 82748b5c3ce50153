"""Demo 政务咨询 messages: a few dozen over the last five months, most answered (some late), some
published (a few in the FAQ), some still open past the promise, the 60-day and the 3-month lines,
one transferred, one merged, one refused."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from gongkai.applications.handling import codes

QUESTIONS = [
    ("低保申请需要哪些材料", "请问申请最低生活保障需要准备哪些材料？到哪里办理？"),
    ("老旧小区改造什么时候开工", "我们小区列入了今年的老旧小区改造计划，请问什么时候开工？"),
    ("新生儿医保怎么办理", "孩子刚出生，城乡居民医保在哪里办理？需要带什么？"),
    ("高龄津贴发放标准", "80岁以上老人的高龄津贴是多少？每月什么时候发放？"),
    ("残疾人两项补贴如何申请", "残疾人生活补贴和护理补贴怎么申请？"),
    ("灵活就业社保缴费", "灵活就业人员怎样在网上缴纳养老保险？"),
    ("临时救助条件", "家里突发重病，临时救助需要满足什么条件？"),
    ("居住证办理地点", "外地户口在本街道居住，居住证在哪里办？"),
    ("耕地地力保护补贴", "今年的耕地地力保护补贴什么时候发放？标准是多少？"),
    ("垃圾分类投放时间", "小区垃圾分类定时定点投放的时间是怎么规定的？"),
    ("养老服务中心开放时间", "街道养老服务中心什么时间开放？是否提供午餐？"),
    ("道路施工噪音", "夜间道路施工噪音很大，请问施工许可时间是怎样规定的？"),
]
ANSWER = "您好！关于“{subject}”的问题，答复如下：请携带身份证、户口簿等材料到{unit}便民服务中心咨询办理，" \
         "工作时间为工作日上午8:30-12:00、下午14:30-17:30，咨询电话{phone}。感谢您的关注！"
NAMES = ["张先生", "李女士", "王小明", "刘女士", "陈先生", "赵女士", ""]


def load_demo_messages(units: dict, staff: dict, today: dt.date | None = None, count: int = 36) -> int:
    """Create ``count`` messages for the demo units (deterministic); returns how many."""
    from . import services
    from .models import ConsultationPolicy, InvalidReason, Message

    today = today or timezone.localdate()
    rng = random.Random(2025)  # noqa: S311 - demo data, reproducible on purpose
    keys = [k for k in staff if k in units]
    street = keys[1] if len(keys) > 1 else keys[0]
    ConsultationPolicy.objects.get_or_create(unit=units[street], defaults={"review_before_publication": True})
    made = []
    for i in range(count):
        key = street if i % 3 == 0 else keys[i % len(keys)]
        unit, people = units[key], staff[key]
        subject, body = QUESTIONS[i % len(QUESTIONS)]
        name = NAMES[i % len(NAMES)]
        contact = f"139{rng.randrange(10**8):08d}"
        received = today - dt.timedelta(days=[2, 5, 12, 25, 40, 64, 75, 100, 130, 150][i % 10] + rng.randrange(3))
        m = services.ask(unit=unit, subject=subject, body=f"{body}（我是{name or '市民'}，电话{contact}）", contact=contact,
                         name=name, wants_public=i % 7 != 3, token=codes.new_token()).message
        received_at = timezone.make_aware(dt.datetime.combine(received, dt.time(9 + i % 8, 15)))
        Message.objects.filter(pk=m.pk).update(received_on=received, received_at=received_at,
                                               due_on=services.due_on(received, m.promise_workdays))
        m.refresh_from_db()
        made.append(m)
        open_ = (i % 10 in (0, 1)) or i in (5, 7, 17)      # recent ones, and a few past the lines
        if open_:
            continue
        if i == 8:
            services.transfer(user=people.clerk, message=m, to_unit=units[keys[0]], reason="属县级部门职责，转县政府办理")
            continue
        if i == 9:
            services.reject(user=people.clerk, message=m, reason=InvalidReason.AD_SPAM)
            continue
        if i == 12 and made[-3].unit_id == m.unit_id and made[-3].is_open:   # a duplicate of message 10
            services.merge(user=people.clerk, message=m, into=made[-3])
            continue
        services.answer(user=people.clerk, message=m, text=ANSWER.format(subject=subject, unit=unit.short_name or unit.name,
                                                                          phone=unit.phone or "12345"))
        delay = 1 + rng.randrange(4) if i % 6 else 9       # some answered late
        answered = min(received + dt.timedelta(days=delay), today)
        Message.objects.filter(pk=m.pk).update(answered_on=answered, answered_at=timezone.make_aware(
            dt.datetime.combine(answered, dt.time(16, 0))))
        m.refresh_from_db()
        if m.asker_wants_public and i % 4 != 1:
            chooser = people.clerk if key == street and i % 5 == 2 else people.reviewer   # one waits for review
            services.choose_publication(user=chooser, message=m, publish=True, in_faq=i % 2 == 0)
            Message.objects.filter(pk=m.pk).update(published_on=answered)
    return len(made)
