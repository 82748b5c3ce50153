"""Forms of the assessment pages: a scheme's indicators as one row of fields per measure."""
from __future__ import annotations

from django import forms

from gongkai.domain import assessment as rules


class NewSchemeForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="方案名称", max_length=100, required=False,
                           help_text="留空则为“单位名称＋年度＋政务公开工作考核方案”")


class SchemeForm(forms.Form):
    """Name plus, per measure: included, name, points and its thresholds (percent or count)."""

    name = forms.CharField(label="方案名称", max_length=100)

    def __init__(self, *args, indicators: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        current = {i["code"]: i for i in indicators}
        defaults = {i["code"]: i for i in rules.DEFAULT_INDICATORS + rules.OPTIONAL_INDICATORS}
        self.rows = []
        for code, measure in rules.MEASURES.items():
            ind = current.get(code) or defaults[code]
            unit = "%" if measure.unit == rules.PERCENT else ("次" if measure.rule == rules.LINEAR else "项")
            f = {}
            f["on"] = forms.BooleanField(label=f"采用“{measure.label}”", required=False, initial=code in current)
            f["name"] = forms.CharField(label="指标名称", max_length=50, initial=ind["name"],
                                        required=False)  # blank: the measure's label
            f["weight"] = forms.DecimalField(label="分值", min_value=0, max_digits=5, decimal_places=1,
                                             initial=ind["weight"], required=False)
            if measure.rule == rules.LINEAR:
                f["full_at"] = forms.DecimalField(label=f"满分线（≥，{unit}）", max_digits=7, decimal_places=2,
                                                  initial=ind["full_at"], required=False)
                f["zero_at"] = forms.DecimalField(label=f"零分线（≤，{unit}）", max_digits=7, decimal_places=2,
                                                  initial=ind["zero_at"], required=False)
            else:
                f["per_item"] = forms.DecimalField(label=f"每{unit}扣分", min_value=0, max_digits=5,
                                                   decimal_places=1, initial=ind["per_item"], required=False)
            for key, field in f.items():
                self.fields[f"{code}-{key}"] = field
            self.rows.append({"code": code, "measure": measure,
                              "fields": [self[f"{code}-{key}"] for key in f]})

    def indicators(self) -> list[dict]:
        """The checked rows as indicator dicts (numbers as floats), for the domain's validation."""
        out = []
        for code, measure in rules.MEASURES.items():
            data = self.cleaned_data
            if not data.get(f"{code}-on"):
                continue
            item = {"code": code, "name": data.get(f"{code}-name") or measure.label, "rule": measure.rule}
            keys = ("weight", "full_at", "zero_at") if measure.rule == rules.LINEAR else ("weight", "per_item")
            for key in keys:
                value = data.get(f"{code}-{key}")
                item[key] = float(value) if value is not None else None
            out.append(item)
        return out


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(label="加减分", max_digits=4, decimal_places=1,
                                help_text="加分填正数，减分填负数，如 -2 或 1.5")
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
