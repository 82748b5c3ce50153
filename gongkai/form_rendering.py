"""Form rendering shared by every form of the project (settings.FORM_RENDERER).

A text field with a length limit is rendered without the HTML ``maxlength`` attribute — a
browser silently cuts pasted text at that length — but with ``data-maxlength`` and a counter
("最多 N 个字"), which ``static/js/char-count.js`` keeps up to date. The limit itself stays on
the server: an over-long value is refused with the length and the limit, never cut.
"""
from __future__ import annotations

from pathlib import Path

from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

LIMITED_TEMPLATE = "forms/limited_field.html"
_PROJECT_TEMPLATES = Path(__file__).resolve().parent / "templates"


def counter_id(widget_id: str) -> str:
    return f"{widget_id}_count"


def limited_widget(widget: dict) -> dict | None:
    """The widget context with ``maxlength`` moved to ``data-maxlength`` and the counter's id
    added to ``aria-describedby``; None when the widget has no limit."""
    attrs = widget.get("attrs") or {}
    limit = attrs.get("maxlength")
    if limit in (None, "") or widget.get("type") == "hidden":
        return None
    attrs = {key: value for key, value in attrs.items() if key != "maxlength"}
    attrs["data-maxlength"] = str(limit)
    if attrs.get("id"):
        described = [part for part in (attrs.get("aria-describedby") or "").split() if part]
        attrs["aria-describedby"] = " ".join([*described, counter_id(attrs["id"])])
    return {**widget, "attrs": attrs, "limit": str(limit),
            "counter_id": counter_id(attrs["id"]) if attrs.get("id") else ""}


class LimitAwareRenderer(DjangoTemplates):
    """Django's template renderer, with every length-limited widget wrapped by
    ``forms/limited_field.html`` (the widget's own template followed by its counter)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and template_name != LIMITED_TEMPLATE:
            limited = limited_widget(widget)
            if limited is not None:
                context = {**context, "widget": limited, "widget_template": template_name}
                template_name = LIMITED_TEMPLATE
        return super().render(template_name, context, request)

    @cached_property
    def engine(self):
        import django.forms

        return self.backend({
            "APP_DIRS": True,
            "DIRS": [Path(django.forms.__file__).parent / "templates", _PROJECT_TEMPLATES],
            "NAME": "gongkaiforms",
            "OPTIONS": {},
        })
