"""Demo data: the demo street's site registered (标识码 and filing numbers) and its 2025 website
report built with the hand-entered figures filled in, left as a draft for the demo to check, sign
and publish."""
from __future__ import annotations

from django.utils import timezone

DEMO_SITE_CODE = "9999000101"       # a made-up 政府网站标识码 (10 digits), not a real site's
DEMO_FIGURES = {
    "visitors": 48_085, "visits": 125_066, "info_news": 126, "topics_kept": 6, "topics_new": 2, "responses": 3,
    "service_catalog": True, "service_users": 1_520, "service_items": 86, "service_online": 64,
    "cases_total": 2_310, "cases_person": 2_050, "cases_legal": 260,
    "survey_rounds": 2, "survey_opinions": 37, "survey_results": 2,
    "interview_rounds": 1, "interview_messages": 18, "interview_answers": 16, "smart_qa": False,
    "security_tests": 2, "security_drill": True, "security_owner": True,
    "has_media": True, "wechat_name": "青禾示范街道发布", "wechat_posts": 212, "wechat_subscribers": 6_830,
    "weibo_posts": 0, "weibo_followers": 0, "innovation": ["无障碍浏览", "搜索即服务"],
    "unit_head": "示范街道办事处主任", "phone": "0000-1234567",
    "unified_platform": False, "msg_received": 0, "msg_answered": 0, "msg_avg_days": 0, "msg_published": 0,
}


def load_site_report(unit, people, year: int = 2025):
    """Register ``unit``'s watched site and build its ``year`` report with the entered figures."""
    from gongkai.domain import website_report as rules
    from gongkai.watch.models import Site

    from . import services

    site = Site.objects.filter(unit=unit).order_by("pk").first()
    if site is None or year >= timezone.localdate().year:
        return None
    signer = people.admin or people.reviewer
    services.save_registration(signer, site, site_code=DEMO_SITE_CODE, site_type="政府门户网站", icp_no="演示ICP备00000001号",
                               police_no="演示公网安备00000000000001号")
    report = services.build(people.clerk, site, year=year)
    values = {k: v for k, v in DEMO_FIGURES.items() if report.fields.get(k, {}).get("source") == rules.E}
    return services.save_fields(people.clerk, report, values=values)
