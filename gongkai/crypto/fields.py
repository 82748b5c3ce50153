"""Django model fields over the crypto provider: encrypted text and its blind index.

``EncryptedTextField`` keeps the plaintext on the model instance and only ciphertext in the
database (``sm4gcm1$<kid>$…``). A value that cannot be decrypted is loaded as ``Undecryptable``:
pages show "无法解密" instead of failing, the error is logged once (logger ``gongkai.crypto``) and
``gongkai keys verify`` lists every such row; saving the row again writes the stored ciphertext
back unchanged. Lookups on the ciphertext column are refused (a random nonce makes them
meaningless): search through the ``BlindIndexField`` instead.
"""
from __future__ import annotations

import logging
import re

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models

from . import envelope

log = logging.getLogger("gongkai.crypto")
_reported: set[str] = set()

ENCRYPTED_FIELDS: list[tuple[type, str]] = []  # (model, field name): what ``gongkai keys rotate`` re-encrypts


class Undecryptable(str):
    """Stands for a stored value that failed authentication; carries the raw ciphertext."""

    def __new__(cls, stored: str, reason: str):
        obj = super().__new__(cls, "【无法解密】")
        obj.stored = stored
        obj.reason = reason
        return obj


def normalise_id(value: str) -> str:
    return (value or "").strip().upper()


def normalise_phone(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class EncryptedTextField(models.TextField):
    """Text encrypted with SM4-GCM; ``plain_max_length`` bounds the plaintext (forms and clean())."""

    def __init__(self, *args, plain_max_length: int | None = None, **kwargs):
        self.plain_max_length = plain_max_length
        super().__init__(*args, **kwargs)
        if plain_max_length:
            self.validators.append(validators.MaxLengthValidator(plain_max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["plain_max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract and cls.__module__ != "__fake__":
            ENCRYPTED_FIELDS.append((cls, name))

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return envelope.decrypt(value, self.context)
        except envelope.DecryptionError as exc:
            if value not in _reported:
                _reported.add(value)
                log.error("cannot decrypt %s (key %s): %s", self.context, envelope.key_id(value), exc)
            return Undecryptable(value, str(exc))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Undecryptable):
            return value.stored
        return envelope.encrypt(value, self.context)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(f"{self.name} 为加密字段，不能按 {lookup_name} 查询；请使用盲索引字段")

    def get_transform(self, name):
        return None

    def formfield(self, **kwargs):
        defaults = {"max_length": self.plain_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return models.Field.formfield(self, form_class=forms.CharField, **defaults)


class BlindIndexField(models.CharField):
    """HMAC-SM3 of another field's normalised plaintext, recomputed at every save (bulk_create too)."""

    def __init__(self, *args, source: str = "", normaliser: str = "id", **kwargs):
        self.source, self.normaliser = source, normaliser
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, normaliser=self.normaliser)
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.source}"

    def normalise(self, value: str) -> str:
        return normalise_phone(value) if self.normaliser == "phone" else normalise_id(value)

    def compute(self, value) -> str:
        if not value or isinstance(value, Undecryptable):
            return None
        return envelope.blind_index(self.normalise(value), self.context)

    def pre_save(self, model_instance, add):
        value = self.compute(getattr(model_instance, self.source))
        if value is None:  # keep the stored index of a value that cannot be read; "" for empty
            value = getattr(model_instance, self.attname) if getattr(model_instance, self.source) else ""
        setattr(model_instance, self.attname, value)
        return value

    def lookup_values(self, value: str) -> list[str]:
        """Indexes to look for (every index key, so a half-finished rotation still finds rows)."""
        return envelope.blind_indexes(self.normalise(value), self.context)
