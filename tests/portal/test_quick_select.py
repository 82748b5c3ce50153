"""The filter form's select boxes are rendered in Python (gongkai.portal.widgets.QuickSelect): the
same options, groups, choice and escaping as Django's template-rendered Select."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms

from gongkai.portal.widgets import QuickSelect

CHOICES = [("", "全部"), (1, '<b>"甲"&乙</b>'), ("社会救助 > 低保", [(2, "城市低保"), (3, "农村低保")])]


class Shape(HTMLParser):
    """The elements, attributes and text, whatever the whitespace between them."""

    def __init__(self):
        super().__init__()
        self.parts: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.parts.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(("text", data))


def shape(html: str) -> list[tuple]:
    parser = Shape()
    parser.feed(str(html))
    return parser.parts


@pytest.mark.parametrize("value", ["", "1", "3", "<script>"])
def test_the_quick_select_renders_what_djangos_select_renders(value):
    class Form(forms.Form):
        quick = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False, widget=QuickSelect)
        plain = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False)

    form = Form({"quick": value, "plain": value})
    form.is_valid()
    quick = shape(form["quick"])
    plain = shape(str(form["plain"]).replace("plain", "quick"))
    assert quick == plain
    assert quick[0][:2] == ("start", "select") and ("name", "quick") in quick[0][2]
    assert "<b>" not in str(form["quick"])


def test_the_catalog_filter_marks_the_chosen_unit(client, db, street, town):
    page = client.get("/catalog/", {"unit": town.pk}).content.decode()
    assert f'<option value="{town.pk}" selected>' in page
    assert f'<option value="{street.pk}">' in page
