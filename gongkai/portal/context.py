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
    ("consult_public:list", "政务咨询", ()),  # consult: every page of the namespace is in the section
    ("reports", "年度报告", ()),
    ("search", "搜索", ()),
)


def _nav(request):
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "portal" else None
    namespace = match.namespace if match else None
    links = []
    for name, label, section in NAV:
        if ":" in name:  # another app's section
            ns, url_name = name.split(":", 1)
            state = ("page" if match.url_name == url_name else "true") if namespace == ns else ""
            links.append({"url": name, "label": label, "current": state})
            continue
        state = "page" if current == name else "true" if current in section else ""
        links.append({"url": f"portal:{name}", "label": label, "current": state})
    return links


def _owner() -> dict:
    """主办单位 and the identifiers a government site must show in its footer
    (网站标识码, ICP备案号, 公安机关备案号), from settings; the government is the unit tree's root."""
    from gongkai.units.models import Unit

    root = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order", "pk").first()
    government = settings.GONGKAI_GOVERNMENT_NAME or (root.name if root else "")
    return {"government": government, "sponsor": settings.GONGKAI_SITE_SPONSOR or government,
            "phone": root.phone if root else "", "address": root.address if root else "",
            "site_code": settings.GONGKAI_SITE_CODE, "icp": settings.GONGKAI_ICP,
            "police_record": settings.GONGKAI_POLICE_RECORD}


def site(request):
    memo = {}

    def owner():  # read once per page, and only by pages that show it
        if not memo:
            memo.update(_owner())
        return memo
    return {"site_name": settings.GONGKAI_SITE_NAME, "portal_nav": _nav(request), "site_owner": owner}
