"""三员分立 and 访问控制 (security.md §2, §3.2): role semantics, the conflict matrix, the consoles,
the no-superuser check, bootstrap-admins and the daily expiry job."""
import datetime as dt

import pytest
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from gongkai.security import checks
from gongkai.security.roles import services
from gongkai.units.models import AuditEntry, Role, User
from gongkai.units.scoping import visible_units
from tests.conftest import PASSWORD


@pytest.fixture
def admins(make_user, county):
    """The three 三员: no unit, no business data."""
    return {role: User.objects.create_user(username=f"{role}-x", password=PASSWORD, role=role, full_name=role)
            for role in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN)}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ---------------------------------------------------------------- role semantics

def test_administrators_and_superusers_see_no_business_units(admins, street, county, make_user):
    root = User.objects.create_user(username="boss", password=PASSWORD, is_superuser=True, unit=county,
                                    role=Role.CLERK)
    for user in admins.values():
        assert not visible_units(user).exists()
    assert list(visible_units(root)) == [county]  # a superuser is only what its role says: a clerk of the county


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN])
def test_administrators_do_not_pass_the_workbench_gate(client, admins, role, street_clerk):
    login(client, admins[role])
    assert client.get(reverse("catalog:items")).status_code == 403
    assert client.get(reverse("applications:list")).status_code == 403
    home = client.get(reverse("workbench:home"))
    assert home.status_code in (302, 403)  # to their own console when it exists


def test_a_superuser_with_a_business_role_gets_nothing_beyond_it(client, county, street, street_clerk):
    from gongkai.catalog import services as catalog

    item = catalog.create_item(street_clerk, title="城关街道草稿", written_date=dt.date(2026, 9, 1), body="<p>x</p>")
    boss = User.objects.create_user(username="boss", password=PASSWORD, is_superuser=True, is_staff=True,
                                    unit=county, role=Role.CLERK)
    login(client, boss)
    assert client.get(reverse("catalog:item", args=[item.pk])).status_code == 404


# ---------------------------------------------------------------- no superuser in production

def test_active_superuser_fails_startup_when_debug_is_off(db):
    User.objects.create_user(username="boss", password=PASSWORD, is_superuser=True)
    with override_settings(DEBUG=False):
        assert [e.id for e in checks.no_superuser_in_production()] == ["gongkai.E001"]
        with pytest.raises(SystemCheckError):
            checks.run_startup_checks()
    with override_settings(DEBUG=True):
        assert checks.no_superuser_in_production() == []
    User.objects.filter(username="boss").update(is_active=False)
    with override_settings(DEBUG=False):
        assert checks.no_superuser_in_production() == []
        checks.run_startup_checks()


def test_the_check_is_registered_with_django(db):
    from django.core import checks as django_checks

    User.objects.create_user(username="boss", password=PASSWORD, is_superuser=True)
    with override_settings(DEBUG=False):
        ids = [e.id for e in django_checks.run_checks(tags=["security"], databases=["default"])]
    assert "gongkai.E001" in ids


# ---------------------------------------------------------------- the conflict matrix

@pytest.mark.parametrize("holder,wanted", [
    (Role.CLERK, Role.SYSADMIN), (Role.REVIEWER, Role.AUDITADMIN), (Role.SUPERVISOR, Role.SECADMIN),
    (Role.SYSADMIN, Role.AUDITADMIN), (Role.AUDITADMIN, Role.SECADMIN), (Role.SYSADMIN, Role.CLERK),
])
def test_grants_that_combine_duties_are_refused(admins, make_user, street, holder, wanted):
    user = (make_user(street, holder) if holder not in services.ADMINISTRATOR_ROLES else
            User.objects.create_user(username=f"h-{holder}", password=PASSWORD, role=holder))
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())  # has worked under its duty
    with pytest.raises(services.AccountError, match="角色冲突"):
        services.grant_role(admins[Role.SECADMIN], user, role=wanted)
    user.refresh_from_db()
    assert user.role == holder
    assert not AuditEntry.objects.filter(action="role.grant").exists()


def test_only_the_security_administrator_grants_and_never_to_self(admins, street_admin, street_clerk):
    for actor in (admins[Role.SYSADMIN], admins[Role.AUDITADMIN], street_admin):
        with pytest.raises(services.AccountError, match="只有安全管理员"):
            services.grant_role(actor, street_clerk, role=Role.REVIEWER)
    with pytest.raises(services.AccountError, match="自己"):
        services.grant_role(admins[Role.SECADMIN], admins[Role.SECADMIN], role=Role.AUDITADMIN)


def test_a_grant_within_business_roles_is_made_and_audited(admins, street_clerk):
    services.grant_role(admins[Role.SECADMIN], street_clerk, role=Role.UNIT_ADMIN)
    street_clerk.refresh_from_db()
    assert street_clerk.role == Role.UNIT_ADMIN and street_clerk.is_staff
    entry = AuditEntry.objects.get(action="role.grant")
    assert entry.actor_id == admins[Role.SECADMIN].pk and entry.detail["to"] == "unit_admin"
    services.revoke_role(admins[Role.SECADMIN], street_clerk)
    street_clerk.refresh_from_db()
    assert street_clerk.role == Role.CLERK and not street_clerk.is_staff
    assert AuditEntry.objects.filter(action="role.revoke", target_id=str(street_clerk.pk)).exists()


def test_a_new_account_may_become_an_administrator_but_not_for_the_same_person(admins, street, make_user):
    sysadmin2 = services.create_account(admins[Role.SYSADMIN], username="ops2", full_name="运维", unit=street,
                                        phone="13800001111")[0]
    services.grant_role(admins[Role.SECADMIN], sysadmin2, role=Role.SYSADMIN)
    sysadmin2.refresh_from_db()
    assert sysadmin2.role == Role.SYSADMIN and sysadmin2.unit_id is None
    same_person = services.create_account(admins[Role.SYSADMIN], username="ops2b", full_name="运维", unit=street,
                                          phone="13800001111")[0]
    with pytest.raises(services.AccountError, match="同一人"):
        services.grant_role(admins[Role.SECADMIN], same_person, role=Role.AUDITADMIN)
    with pytest.raises(services.AccountError, match="同一人"):
        services.grant_role(admins[Role.SECADMIN], same_person, role=Role.REVIEWER)


def test_revoking_an_administrator_role_disables_the_account(admins):
    services.revoke_role(admins[Role.SECADMIN], admins[Role.AUDITADMIN])
    admins[Role.AUDITADMIN].refresh_from_db()
    assert not admins[Role.AUDITADMIN].is_active


@pytest.mark.parametrize("name", ["admin", "Root", "system"])
def test_reserved_usernames_are_refused_for_new_accounts(admins, street, name):
    with pytest.raises(services.AccountError, match="保留用户名"):
        services.create_account(admins[Role.SYSADMIN], username=name, full_name="某", unit=street)


# ---------------------------------------------------------------- the consoles

def test_sysadmin_creates_an_account_with_a_one_time_password(client, admins, street):
    login(client, admins[Role.SYSADMIN])
    assert client.get(reverse("manage:system:index")).status_code == 200
    page = client.post(reverse("manage:system:account_create"),
                       {"username": "new_clerk", "full_name": "新人", "unit": street.pk, "phone": "13900000000"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    password = page.context["password"]
    user = User.objects.get(username="new_clerk")
    assert user.must_change_password and user.check_password(password) and user.role == Role.CLERK
    assert len(password) >= 12 and password not in page.content.decode().replace(password, "", 1)
    assert AuditEntry.objects.filter(action="account.create", actor=admins[Role.SYSADMIN]).exists()


def test_sysadmin_disables_and_resets(client, admins, street_clerk):
    login(client, admins[Role.SYSADMIN])
    client.post(reverse("manage:system:account_disable", args=[street_clerk.pk]))
    street_clerk.refresh_from_db()
    assert not street_clerk.is_active
    page = client.post(reverse("manage:system:account_reset", args=[street_clerk.pk]))
    street_clerk.refresh_from_db()
    assert street_clerk.must_change_password and street_clerk.check_password(page.context["password"])
    assert {"account.disable", "account.password_reset"} <= set(AuditEntry.objects.values_list("action", flat=True))


@pytest.mark.parametrize("role,own", [(Role.SYSADMIN, "manage:system:index"), (Role.SECADMIN, "manage:roles:index")])
def test_each_administrator_sees_only_its_own_console(client, admins, role, own):
    login(client, admins[role])
    assert client.get(reverse(own)).status_code == 200
    others = {"manage:system:index", "manage:roles:index", "manage:policy:index"} - {own}
    if role == Role.SECADMIN:
        others -= {"manage:policy:index"}
    for name in others:
        assert client.get(reverse(name)).status_code == 403, name
    assert AuditEntry.objects.filter(action="security.console_denied", actor=admins[role]).exists()


def test_secadmin_grants_through_the_page_and_conflicts_are_shown(client, admins, street_clerk):
    login(client, admins[Role.SECADMIN])
    client.post(reverse("manage:roles:grant", args=[street_clerk.pk]), {"role": Role.REVIEWER})
    street_clerk.refresh_from_db()
    assert street_clerk.role == Role.REVIEWER
    page = client.post(reverse("manage:roles:grant", args=[street_clerk.pk]), {"role": Role.SYSADMIN}, follow=True)
    assert "角色冲突" in page.content.decode()
    street_clerk.refresh_from_db()
    assert street_clerk.role == Role.REVIEWER


def test_unit_admin_manages_clerks_and_reviewers_of_own_unit_only(client, street_admin, town, town_clerk, street):
    login(client, street_admin)
    page = client.get(reverse("manage:roles:index"))
    assert page.status_code == 200 and "本单位账号" in page.content.decode()
    done = client.post(reverse("manage:roles:unit_account_create"),
                       {"username": "jd_new", "full_name": "新审", "unit": street.pk, "role": Role.REVIEWER})
    assert done.status_code == 200 and User.objects.get(username="jd_new").role == Role.REVIEWER
    # another unit (unit_id changed in the POST) or a stronger role: refused, nothing created
    client.post(reverse("manage:roles:unit_account_create"),
                {"username": "jd_other", "full_name": "外", "unit": town.pk, "role": Role.CLERK})
    client.post(reverse("manage:roles:unit_account_create"),
                {"username": "jd_boss", "full_name": "管", "unit": street.pk, "role": Role.UNIT_ADMIN})
    assert not User.objects.filter(username__in=["jd_other", "jd_boss"]).exists()
    assert client.post(reverse("manage:roles:unit_account_disable", args=[town_clerk.pk])).status_code == 404
    town_clerk.refresh_from_db()
    assert town_clerk.is_active
    assert client.post(reverse("manage:roles:grant", args=[town_clerk.pk]), {"role": "reviewer"}).status_code == 403


# ---------------------------------------------------------------- bootstrap-admins

def test_bootstrap_admins_creates_three_accounts_once(db, capsys):
    from gongkai.cli import main

    assert main(["bootstrap-admins"]) == 0
    first = capsys.readouterr().out
    made = User.objects.filter(role__in=services.ADMINISTRATOR_ROLES)
    assert sorted(made.values_list("role", flat=True)) == sorted(["auditadmin", "secadmin", "sysadmin"])
    for user in made:
        assert user.must_change_password and user.unit_id is None and not user.is_superuser
        password = next(line.split()[-1] for line in first.splitlines() if f" {user.username} " in line)
        assert user.check_password(password)
    assert main(["bootstrap-admins"]) == 0
    assert "已存在" in capsys.readouterr().out and made.count() == 3
    assert AuditEntry.objects.filter(action="account.bootstrap").count() == 3


# ---------------------------------------------------------------- the daily expiry job

def test_daily_job_disables_expired_and_idle_accounts(client, make_user, street):
    now = dt.datetime(2027, 3, 1, 2, 30, tzinfo=dt.UTC)
    fresh = make_user(street, last_login=now - dt.timedelta(days=89))
    idle = make_user(street, last_login=now - dt.timedelta(days=91))
    expired = make_user(street, last_login=now - dt.timedelta(days=1), expires_at=now - dt.timedelta(hours=1))
    never = make_user(street)
    User.objects.filter(pk=never.pk).update(date_joined=now - dt.timedelta(days=120))
    done = services.disable_stale_accounts(now=now)
    assert sorted(done) == sorted([idle.username, expired.username, never.username])
    assert User.objects.get(pk=fresh.pk).is_active
    reasons = dict(AuditEntry.objects.filter(action="account.disable").values_list("target_id", "detail__reason"))
    assert reasons == {str(idle.pk): "idle", str(expired.pk): "expired", str(never.pk): "idle"}
    assert not client.login(username=idle.username, password=PASSWORD)  # a disabled user cannot log in
    assert services.disable_stale_accounts(now=now) == []  # idempotent


def test_the_job_is_a_periodic_huey_task():
    from gongkai.security.system import tasks

    task = tasks.disable_stale_accounts.task_class()
    assert task.validate_datetime(dt.datetime(2027, 3, 1, 2, 30))
    assert not task.validate_datetime(dt.datetime(2027, 3, 1, 3, 30))


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN])
def test_administrators_get_no_work_api(client, admins, role):
    """The workbench API answers business users only (it answered the 三员 before: inspect_reports ran for them)."""
    login(client, admins[role])
    assert client.get("/api/v1/work/items").status_code == 401
    assert client.post("/api/v1/work/reports/inspect", "{}", content_type="application/json").status_code == 401


def test_an_old_demo_database_loses_its_superuser_and_gains_the_three_administrators(db):
    from gongkai.demo.county import COUNTY_CODE
    from gongkai.demo.load import load_demo
    from gongkai.units.models import Unit, UnitKind

    Unit.objects.create(name="青禾县人民政府", code=COUNTY_CODE, kind=UnitKind.COUNTY)
    User.objects.create_user(username="boss", password=PASSWORD, is_superuser=True)
    names = [name for name, _, _ in load_demo()]
    assert {"sysadmin", "secadmin", "auditadmin"} <= set(names)
    assert not User.objects.filter(is_superuser=True, is_active=True).exists()
    with override_settings(DEBUG=False):
        checks.run_startup_checks()  # the demo starts again
