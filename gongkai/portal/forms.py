"""The 目录/搜索 filter form: forgiving by design.

A value that does not validate (a year that is not a number, an id that does not
exist) is dropped, never reported as an error: the visitor gets the unfiltered
list instead of an error page.
"""
from __future__ import annotations

from django import forms

from gongkai.catalog import category_paths
from gongkai.catalog.models import Category, Scheme
from gongkai.units.models import Unit

from . import queries
from .widgets import QuickSelect

MAX_QUERY_LENGTH = 100    # the input's maxlength, as gongkai.domain.search_text accepts
HARD_QUERY_LIMIT = 1000   # beyond this nothing is kept, not even to be refused
MIN_YEAR, MAX_YEAR = 1949, 2100
FILTER_FIELDS = ("q", "year", "unit", "category", "genre")


class ItemFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=True,
                        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH,
                                                      "placeholder": "标题、正文、文号"}))
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None, widget=QuickSelect)
    unit = forms.TypedChoiceField(label="发布单位", required=False, coerce=int, empty_value=None, widget=QuickSelect)
    category = forms.TypedChoiceField(label="公开目录", required=False, coerce=int, empty_value=None,
                                      widget=QuickSelect)
    genre = forms.TypedChoiceField(label="体裁", required=False, coerce=int, empty_value=None, widget=QuickSelect)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = [("", "全部")] + options

    def clean_q(self):
        # Not cut to MAX_QUERY_LENGTH: the search says itself that a query is too long.
        return " ".join(self.cleaned_data["q"].split())[:HARD_QUERY_LIMIT]


def _year(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR else None


def filter_choices(requested_year: int | None = None) -> dict:
    """The select options, read once per request. A plausible year without items stays
    selectable, so that asking for it lists nothing rather than everything."""
    years = queries.published_years()
    if requested_year and requested_year not in years:
        years = sorted({*years, requested_year}, reverse=True)
    return {
        "year": [(y, f"{y}年") for y in years],
        "unit": queries.unit_choices(),
        # grouped by heading, a repeated name (社会救助) labelled with its path
        "category": category_paths.grouped_choices(category_paths.nodes((Scheme.STATUTORY, Scheme.DOMAIN))),
        "genre": [(n.pk, n.name) for n in queries.flatten(queries.category_tree(Scheme.GENRE, counts=False))],
    }


def parse_filters(params) -> tuple[queries.ItemFilters, ItemFilterForm]:
    """(filters, form to render) from request.GET; invalid values are dropped."""
    choices = filter_choices(_year(params.get("year")))
    data = {name: params.get(name, "") for name in FILTER_FIELDS}
    form = ItemFilterForm(data, choices=choices)
    form.is_valid()
    valid = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    display = ItemFilterForm({name: valid.get(name, "") for name in FILTER_FIELDS}, choices=choices)
    display.is_valid()
    filters = queries.ItemFilters(
        q=valid.get("q", ""),
        year=valid.get("year"),
        unit=Unit.objects.filter(pk=valid["unit"]).first() if "unit" in valid else None,
        category=Category.objects.filter(pk=valid["category"]).first() if "category" in valid else None,
        genre=Category.objects.filter(pk=valid["genre"]).first() if "genre" in valid else None,
    )
    return filters, display
