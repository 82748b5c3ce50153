"""录入/修改政策解读: a 解读 is an ordinary item (``services``, 保密审查, 先审后发) with an
``Interpretation`` row linking it to the documents it explains (``interpretations``)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from gongkai.domain import interpretation as rules
from gongkai.units import audit

from . import interpretations, services
from . import permissions as may
from .models import Interpretation, Item

if TYPE_CHECKING:
    from gongkai.units.models import Unit, User


@transaction.atomic
def create_interpretation(user: User, *, documents: Iterable[Item], form: str = "text", media_url: str = "",
                          interpreter: str = "", unit: Unit | None = None, **fields: object) -> Item:
    """录入政策解读: a draft item of 体裁 政策解读 linked to ``documents`` (all in one transaction)."""
    unit = unit or user.unit
    may.check_create_interpretation(user, unit)
    docs = may.check_documents(unit, documents)
    _check_media(form, media_url)
    fields.setdefault("genre", interpretations.interpretation_genre())
    item = services.create_item(user, unit=unit, **fields)
    interp = Interpretation.objects.create(item=item, form=form, media_url=media_url.strip(),
                                           interpreter=interpreter.strip())
    _link(user, item, interp, docs)
    return item


@transaction.atomic
def update_interpretation(user: User, item: Item, *, documents: Iterable[Item], form: str, media_url: str = "",
                          interpreter: str = "") -> Interpretation:
    """Change what a draft 解读 explains and how (the item fields go through ``services.update_item``)."""
    item = services._lock(item)
    may.check_update(user, item, "修改政策解读")
    docs = may.check_documents(item.unit, documents)
    _check_media(form, media_url)
    interp = Interpretation.objects.select_for_update().get(item=item)
    interp.form, interp.media_url, interp.interpreter = form, media_url.strip(), interpreter.strip()
    interp.save()
    _link(user, item, interp, docs)
    return interp


def _link(user, item: Item, interp: Interpretation, docs) -> None:
    """The documents the 解读 explains, set and audited."""
    interp.documents.set(docs)
    audit.record("item.interpretation.link", item, user=user,
                 detail={"documents": [d.index_no for d in docs], "form": interp.form})


@transaction.atomic
def update_interpretation_item(user: User, item: Item, *, documents: Iterable[Item], form: str,
                               media_url: str = "", interpreter: str = "", **fields: object) -> Item:
    """修改政策解读: the item fields and the links in one transaction (all or nothing)."""
    item = services.update_item(user, item, **fields)
    update_interpretation(user, item, documents=documents, form=form, media_url=media_url,
                          interpreter=interpreter)
    return item


def _check_media(form: str, media_url: str) -> None:
    if form not in rules.FORMS:
        raise may.WorkflowError("请选择解读形式")
    url = media_url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise may.WorkflowError("音视频或发布会链接须以 http:// 或 https:// 开头")
