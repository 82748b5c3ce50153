from django.conf import settings

# (url name, label, url names that belong to the section)
NAV = (
    ("home", "首页", ()),
    ("guide", "公开指南", ()),
    ("rules", "公开制度", ()),
    ("statutory", "法定主动公开内容", ("statutory_detail",)),
    ("domains", "基层政务公开领域", ("domain_detail",)),
    ("catalog", "公开目录", ("item",)),
    ("apply", "依申请公开", ()),
    ("reports", "年度报告", ()),
    ("search", "搜索", ()),
)


def _nav(request):
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "portal" else None
    links = []
    for name, label, section in NAV:
        state = "page" if current == name else "true" if current in section else ""
        links.append({"url": f"portal:{name}", "label": label, "current": state})
    return links


def site(request):
    return {"site_name": settings.GONGKAI_SITE_NAME, "portal_nav": _nav(request)}
