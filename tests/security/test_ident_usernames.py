"""身份标识唯一 (security.md §3.1 a): a username is never given to a second account, even after the
first one was deleted or renamed; the console says why in Chinese."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.security.models import RetiredUsername
from gongkai.units.models import Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_deleted_accounts_name_is_refused_everywhere(client, make_user, street, county):
    make_user(street, Role.CLERK, "wang_lei").delete()
    assert RetiredUsername.objects.filter(username="wang_lei", reason="deleted").exists()
    for name in ("wang_lei", "Wang_Lei"):
        with pytest.raises(ValidationError, match="不能再分配给新账户"):
            User.objects.create_user(username=name, password=PASSWORD, unit=street)
    sysadmin = User.objects.create_user(username="sys-un", password=PASSWORD, role=Role.SYSADMIN, full_name="系统")
    assert client.login(username=sysadmin.username, password=PASSWORD)
    page = client.post(reverse("manage:system:account_create"),
                       {"username": "WANG_LEI", "full_name": "王磊", "unit": street.pk}, follow=True)
    assert "用户名不得重复使用" in page.content.decode()
    assert not User.objects.filter(username__iexact="wang_lei").exists()


def test_a_renamed_accounts_old_name_is_retired(make_user, street):
    user = make_user(street, Role.CLERK, "li_na")
    user.username = "li_na2"
    user.save()
    with pytest.raises(ValidationError, match="不能再分配给新账户"):
        make_user(street, Role.CLERK, "li_na")
    user.save()  # saving the renamed account again is fine
    assert User.objects.filter(username="li_na2").exists()
