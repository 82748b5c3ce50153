from urllib.parse import urlsplit

from django import forms

from gongkai.domain.watch.config import COLUMN_CLASSES
from gongkai.domain.watch.findings import CATEGORIES, SEVERITIES
from gongkai.domain.watch.identities import IDENTITIES, SENTINELS

from .models import FindingStatus, Site


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise forms.ValidationError(f"“{value}”不是有效的网址，应以 http:// 或 https:// 开头")
    return value


class SiteForm(forms.ModelForm):
    columns = forms.CharField(
        label="栏目", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个栏目，格式“栏目名称|栏目地址|类型[|最长更新间隔天数]”，类型为："
                  + "、".join(f"{k}（{v[0]}）" for k, v in COLUMN_CLASSES.items()))

    class Meta:
        model = Site
        fields = ["name", "homepage", "start_urls", "scope_hosts", "scope_prefixes", "allowed_domains", "max_pages",
                  "max_depth", "concurrency", "requests_per_second", "external", "wording_rules", "is_active",
                  "identities", "identity_mode", "identity_sample"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in
                   ("start_urls", "scope_hosts", "scope_prefixes", "allowed_domains", "wording_rules", "identities")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("identity_mode", "identity_sample"):     # older forms and API clients leave them out
            self.fields[name].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["columns"] = "\n".join(
                "|".join([c.name, c.url, c.klass] + ([str(c.max_age_days)] if c.max_age_days else []))
                for c in self.instance.columns.all())

    def clean_identity_mode(self):
        return self.cleaned_data.get("identity_mode") or "signals"

    def clean_identity_sample(self):
        value = self.cleaned_data.get("identity_sample")
        if value is None:
            return 20
        if value > 10000:
            raise forms.ValidationError("每次抽查页面数不应超过10000")
        return value

    def clean_identities(self):
        keys = [k.strip().lower() for k in self.cleaned_data["identities"].replace(",", "\n").splitlines() if k.strip()]
        unknown = [k for k in keys if k not in IDENTITIES or k in ("browser",) + SENTINELS]
        if unknown:
            raise forms.ValidationError(f"不认识的访问身份：{'、'.join(unknown)}")
        return "\n".join(dict.fromkeys(keys))

    def clean_homepage(self):
        return _check_url(self.cleaned_data["homepage"])

    def clean_start_urls(self):
        return "\n".join(_check_url(u) for u in self.cleaned_data["start_urls"].splitlines() if u.strip())

    def clean_scope_prefixes(self):
        return "\n".join(_check_url(u) for u in self.cleaned_data["scope_prefixes"].splitlines() if u.strip())

    def clean_max_pages(self):
        value = self.cleaned_data["max_pages"]
        if not 1 <= value <= 100000:
            raise forms.ValidationError("最多页面数应在1到100000之间")
        return value

    def clean_concurrency(self):
        value = self.cleaned_data["concurrency"]
        if not 1 <= value <= 64:
            raise forms.ValidationError("并发数应在1到64之间")
        return value

    def clean_requests_per_second(self):
        value = self.cleaned_data["requests_per_second"]
        if not 0 < value <= 200:
            raise forms.ValidationError("每秒请求数应大于0且不超过200")
        return value

    def clean_wording_rules(self):
        lines = [line.strip() for line in self.cleaned_data["wording_rules"].splitlines() if line.strip()]
        for line in lines:
            wrong, sep, right = line.partition("=")
            if not sep or not wrong.strip() or not right.strip():
                raise forms.ValidationError(f"“{line}”格式不对，应为“错误写法=正确写法”")
        return "\n".join(lines)

    def clean_columns(self):
        columns = []
        for n, line in enumerate(self.cleaned_data["columns"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (3, 4) or not parts[0]:
                raise forms.ValidationError(f"第{n}行格式不对，应为“栏目名称|栏目地址|类型[|天数]”")
            name, url, klass = parts[:3]
            try:
                url = _check_url(url)
            except forms.ValidationError:
                raise forms.ValidationError(f"第{n}行的栏目地址“{url}”不是有效的网址") from None
            if klass not in COLUMN_CLASSES:
                raise forms.ValidationError(f"第{n}行的栏目类型“{klass}”无效，可选：{'、'.join(COLUMN_CLASSES)}")
            days = None
            if len(parts) == 4 and parts[3]:
                if not parts[3].isdigit() or int(parts[3]) < 1:
                    raise forms.ValidationError(f"第{n}行的最长更新间隔应为正整数天数")
                days = int(parts[3])
            columns.append({"name": name, "url": url, "klass": klass, "max_age_days": days})
        return columns


class FixForm(forms.Form):
    note = forms.CharField(label="整改说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FindingFilter(forms.Form):
    category = forms.ChoiceField(label="类别", required=False)
    severity = forms.ChoiceField(label="严重程度", required=False)
    status = forms.ChoiceField(label="状态", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部")] + list(CATEGORIES.items())
        self.fields["severity"].choices = [("", "全部")] + list(SEVERITIES.items())
        self.fields["status"].choices = [("", "未解决"), ("all", "全部")] + list(FindingStatus.choices)
