"""The 安全标记 rules (GB/T 22239-2019 8.1.4.2 g) on their own."""
import pytest

from gongkai.domain.security_labels import (
    Level,
    LabelError,
    check_clearance_change,
    check_label_change,
    clearance,
    item_label,
    may_access,
    refusal,
)


def test_clearance_must_reach_the_label():
    assert may_access(Level.SENSITIVE, Level.SENSITIVE) and may_access(Level.INTERNAL, Level.PUBLIC)
    assert not may_access(Level.INTERNAL, Level.SENSITIVE) and not may_access(Level.PUBLIC, Level.INTERNAL)


def test_business_roles_default_to_sensitive_and_the_three_administrators_to_public():
    for role in ("clerk", "reviewer", "unit_admin", "supervisor"):
        assert clearance(role, None) == Level.SENSITIVE
    for role in ("sysadmin", "secadmin", "auditadmin", "nobody"):
        assert clearance(role, None) == Level.PUBLIC
    assert clearance("clerk", 1) == Level.INTERNAL  # the 安全管理员's setting wins


def test_a_published_item_is_public_whatever_its_stored_label():
    assert item_label(Level.SENSITIVE, published=True) == Level.PUBLIC
    assert item_label(Level.SENSITIVE, published=False) == Level.SENSITIVE


def test_only_the_security_administrator_lowers_a_label_and_gives_a_reason():
    check_label_change("clerk", Level.INTERNAL, Level.SENSITIVE, "")  # raising: anyone
    with pytest.raises(LabelError, match="须由安全管理员"):
        check_label_change("clerk", Level.SENSITIVE, Level.INTERNAL, "不再敏感")
    with pytest.raises(LabelError, match="须填写理由"):
        check_label_change("secadmin", Level.SENSITIVE, Level.INTERNAL, " ")
    check_label_change("secadmin", Level.SENSITIVE, Level.INTERNAL, "已去除个人信息")
    with pytest.raises(LabelError, match="未知"):
        check_label_change("secadmin", Level.SENSITIVE, 7, "x")


def test_clearances_are_set_by_the_security_administrator_for_others_with_a_reason():
    check_clearance_change("secadmin", 1, 2, "岗位调整")
    for args in [("unit_admin", 1, 2, "x"), ("secadmin", 1, 1, "x"), ("secadmin", 1, 2, "")]:
        with pytest.raises(LabelError):
            check_clearance_change(*args)


def test_the_refusal_names_both_levels_in_chinese():
    assert "敏感（含个人信息）" in refusal(Level.INTERNAL, Level.SENSITIVE) and "内部" in refusal(1, 2)
