"""口令复杂度、历史、有效期与强制修改 (8.1.4.1 a); usernames unique and not reserved."""
import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.security.models import PasswordHistory, SecurityPolicy
from gongkai.units.models import AuditEntry, Role, User

from .auth_flow import full_login

GOOD = "Qinghe-2026-ok"


def refused(password, user=None) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("password, why", [
    ("zzzzzzzzz", "类"),            # the probe's password: one class only
    ("Ab1-xyz", "太短"),             # 7 characters
    ("abcdefgh12", "类"),           # two classes
    ("Password1!", "常见"),          # common
    ("1234567890123", "数字"),        # numeric
])
def test_weak_passwords_refused(db, password, why):
    assert why in refused(password)


def test_three_classes_of_eight_accepted_for_staff(street_clerk):
    validate_password("hexing-2026", street_clerk)


def test_administrators_need_twelve_characters_of_four_classes(make_user, county):
    officer = make_user(county, Role.SECADMIN, "sec_officer")
    assert "12" in refused("Qh-2026-ok", officer)
    assert "4 类" in refused("qinghe-2026-county", officer)
    validate_password("Qinghe-2026-County", officer)


def test_password_like_the_username_refused(street_clerk):
    assert "相似" in refused("Street_Clerk1", street_clerk)


def test_last_five_passwords_cannot_be_reused(street_clerk):
    history = [f"Hexing-{n}-pass" for n in range(6)]
    for password in history:
        street_clerk.set_password(password)
        street_clerk.save()
    assert PasswordHistory.objects.filter(user=street_clerk).count() == 5
    for password in history[1:]:
        assert "最近 5 次" in refused(password, street_clerk)
    validate_password(history[0], street_clerk)  # the sixth back is allowed again


def test_change_records_the_time(street_clerk):
    before = timezone.now()
    street_clerk.set_password(GOOD)
    street_clerk.save()
    street_clerk.refresh_from_db()
    assert street_clerk.password_changed_at >= before


def test_policy_changes_the_rules(street_clerk):
    SecurityPolicy.objects.update_or_create(pk=1, defaults={"min_length": 14, "min_classes": 4})
    assert "14" in refused("Hexing-2026x", street_clerk)
    validate_password("Hexing-2026-Ok!", street_clerk)


def test_91_day_old_password_forces_a_change_before_any_work(client, street_clerk):
    User.objects.filter(pk=street_clerk.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    response = full_login(client, street_clerk)
    assert client.get(reverse("workbench:home")).url.startswith(reverse("accounts:password_change"))
    assert response["Location"] == reverse("workbench:home")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "超过 90 天" in page
    assert client.get("/api/v1/work/items").status_code == 403


def test_89_day_old_password_is_fine(client, street_clerk):
    User.objects.filter(pk=street_clerk.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=89))
    full_login(client, street_clerk)
    assert client.get(reverse("workbench:home")).status_code == 200


def test_first_login_must_change_and_weak_or_reused_choice_is_refused(client, street_clerk):
    User.objects.filter(pk=street_clerk.pk).update(must_change_password=True)
    full_login(client, street_clerk)
    assert client.get(reverse("workbench:home")).url.startswith(reverse("accounts:password_change"))
    url = reverse("accounts:password_change")
    weak = client.post(url, {"old_password": "test-pass-9137", "new_password1": "zzzzzzzzz",
                             "new_password2": "zzzzzzzzz"})
    assert weak.status_code == 200 and "类" in weak.content.decode()
    reused = client.post(url, {"old_password": "test-pass-9137", "new_password1": "test-pass-9137",
                               "new_password2": "test-pass-9137"})
    assert "最近 5 次" in reused.content.decode()
    done = client.post(url, {"old_password": "test-pass-9137", "new_password1": GOOD, "new_password2": GOOD})
    assert done.status_code == 302
    street_clerk.refresh_from_db()
    assert not street_clerk.must_change_password and street_clerk.check_password(GOOD)
    assert client.get(reverse("workbench:home")).status_code == 200  # same session goes on
    assert AuditEntry.objects.filter(action="auth.password_change", actor=street_clerk).exists()


@pytest.fixture
def secadmin(make_user, county):
    return make_user(county, Role.SECADMIN, "sec_officer", full_name="安全员")


def test_secadmin_edits_the_policy_and_the_edit_is_audited(client, secadmin):
    full_login(client, secadmin)
    form = {f: getattr(SecurityPolicy.current(), f) for f in (
        "min_length", "admin_min_length", "min_classes", "admin_min_classes", "history_count", "max_age_days",
        "lockout_failures", "lockout_minutes", "idle_minutes", "admin_idle_minutes", "session_hours")}
    assert client.post(reverse("manage:policy:index"), {**form, "min_length": 10}).status_code == 302
    assert SecurityPolicy.current().min_length == 10
    entry = AuditEntry.objects.get(action="security.policy")
    assert entry.actor_id == secadmin.pk and entry.detail["changes"] == {"min_length": [8, 10]}
    bad = client.post(reverse("manage:policy:index"), {**form, "min_length": 4})
    assert bad.status_code == 200 and SecurityPolicy.current().min_length == 10


def test_others_cannot_edit_the_policy(client, street_admin, make_user, county):
    for user in (street_admin, make_user(county, Role.SYSADMIN, "sys_officer"),
                 make_user(county, Role.AUDITADMIN, "audit_officer")):
        client.logout()
        full_login(client, user)
        assert client.post(reverse("manage:policy:index"), {"min_length": 20}).status_code == 403
    assert SecurityPolicy.current().min_length == 8


@pytest.mark.parametrize("name", ["admin", "Administrator", "root", "test", "guest", "SA", "system"])
def test_reserved_usernames_refused(db, street, name):
    with pytest.raises(ValidationError):
        User.objects.create_user(username=name, password=GOOD, unit=street)


def test_usernames_unique_ignoring_case(street_clerk, street):
    with pytest.raises(ValidationError):
        User.objects.create_user(username="Street_Clerk", password=GOOD, unit=street)
    with pytest.raises(IntegrityError), transaction.atomic():  # the index holds past the model too
        User.objects.bulk_create([User(username="STREET_CLERK", unit=street)])


def test_forms_get_a_clear_message_for_reserved_or_case_variant_names(street_clerk, street):
    from django.contrib.auth.forms import BaseUserCreationForm
    from django import forms as django_forms

    class Form(BaseUserCreationForm):
        class Meta(BaseUserCreationForm.Meta):
            model = User
            fields = ("username",)

    for name, message in (("root", "保留用户名"), ("Street_Clerk", "不区分大小写")):
        form = Form({"username": name, "password1": GOOD, "password2": GOOD})
        assert not form.is_valid() and message in str(form.errors["username"])
    assert isinstance(Form.base_fields["username"], django_forms.CharField)


def test_system_check_finds_active_accounts_without_a_password(street_clerk, street_reviewer):
    from gongkai.security.checks import no_empty_passwords

    assert no_empty_passwords(databases=["default"]) == []
    street_clerk.set_unusable_password()
    street_clerk.save()
    User.objects.filter(pk=street_reviewer.pk).update(password="")
    errors = no_empty_passwords(databases=["default"])
    assert len(errors) == 1 and "street_clerk" in errors[0].msg and "street_reviewer" in errors[0].msg
    User.objects.filter(pk__in=[street_clerk.pk, street_reviewer.pk]).update(is_active=False)
    assert no_empty_passwords(databases=["default"]) == []
