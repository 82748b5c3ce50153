"""Duties and people: a change of staff moves the duties in one action and the portal shows it."""
import datetime as dt

import pytest

from gongkai.duties import services
from gongkai.duties.models import Duty, DutyAssignment, LeadingGroupMember
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

from .conftest import TODAY


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_transfer_moves_duties_and_portal_shows_new_person(client, street, street_admin):
    street.phone = "0571-1000"
    street.save()
    services.transfer(street_admin, street, duties=[Duty.LEADER, Duty.DISCLOSURE, Duty.WEBSITE], person_name="周前任",
                      on=dt.date(2026, 1, 5), phone="0571-2000")
    page = client.get("/guide/").content.decode()
    assert "周前任" in page and "0571-2000" in page

    login(client, street_admin)
    resp = client.post(f"/work/duties/{street.pk}/transfer/", {
        "duties": [Duty.DISCLOSURE, Duty.WEBSITE], "person_name": "吴接任", "phone": "0571-3000",
        "on": "2026-11-16", "note": "工作调整"}, follow=True)
    assert "已完成人员调动" in resp.content.decode()

    current = services.current_assignments([street])[street.pk]
    assert current[Duty.DISCLOSURE].person_name == current[Duty.WEBSITE].person_name == "吴接任"
    assert current[Duty.LEADER].person_name == "周前任"  # not moved
    old = DutyAssignment.objects.get(unit=street, duty=Duty.DISCLOSURE, person_name="周前任")
    assert old.end_on == dt.date(2026, 11, 15)
    # on a day before the transfer the old person was responsible
    before = services.current_assignments([street], dt.date(2026, 11, 13))[street.pk]
    assert before[Duty.DISCLOSURE].person_name == "周前任"

    entry = AuditEntry.objects.filter(action="duties.transfer").order_by("id").last()
    assert entry.detail["to"] == "吴接任" and "0571-3000" not in str(entry.detail)

    client.logout()
    guide = client.get("/guide/").content.decode()
    contacts = guide[guide.index("政府信息公开工作责任人"):]
    assert "吴接任" in contacts and "0571-3000" in contacts and "周前任" in contacts  # 周前任 still 分管领导
    start = contacts.index(street.name)
    row = contacts[start:contacts.index("</tr>", start)]
    assert row.index("周前任") < row.index("吴接任")


def test_transfer_refused_leaves_nothing_half_written(client, street, street_admin, street_clerk):
    services.transfer(street_admin, street, duties=[Duty.DISCLOSURE], person_name="甲", on=dt.date(2026, 11, 2))
    with pytest.raises(services.DutyError, match="调动日期须晚于"):
        services.transfer(street_admin, street, duties=[Duty.LEADER, Duty.DISCLOSURE], person_name="乙",
                          on=dt.date(2026, 11, 2))
    assert not DutyAssignment.objects.filter(person_name="乙").exists()
    assert DutyAssignment.objects.get(person_name="甲").end_on is None

    login(client, street_clerk)  # a clerk does not reassign duties
    resp = client.post(f"/work/duties/{street.pk}/transfer/", {
        "duties": [Duty.DISCLOSURE], "person_name": "丙", "on": "2026-11-10"}, follow=True)
    assert "您无权" in resp.content.decode()
    resp = login(client, street_admin).post(f"/work/duties/{street.pk}/transfer/", {
        "duties": [], "person_name": "", "on": "坏日期"}, follow=True)
    text = resp.content.decode()
    assert resp.status_code == 200 and "职责" in text and "接任人姓名" in text
    assert DutyAssignment.objects.count() == 1


def test_leading_group_page(client, street, street_admin):
    login(client, street_admin)
    client.post(f"/work/duties/{street.pk}/group/", {"name": "钱组长", "position": "党工委书记",
                                                      "group_role": "head", "start_on": "2026-01-01"})
    member = LeadingGroupMember.objects.get(name="钱组长")
    page = client.get(f"/work/duties/{street.pk}/").content.decode()
    assert "钱组长" in page and "组长" in page
    client.post(f"/work/duties/{street.pk}/group/{member.pk}/end/", {"end_on": "2026-11-01"})
    member.refresh_from_db()
    assert member.end_on == dt.date(2026, 11, 1)
    assert not LeadingGroupMember.objects.active_on(TODAY).exists()


def test_other_unit_is_404(client, street, town, town_clerk, street_admin, supervisor):
    services.transfer(street_admin, street, duties=[Duty.DISCLOSURE], person_name="甲", on=dt.date(2026, 11, 2))
    login(client, town_clerk)
    for path in ("", "signoffs/", "training/"):
        assert client.get(f"/work/duties/{street.pk}/{path}").status_code == 404
    assert client.post(f"/work/duties/{street.pk}/transfer/", {
        "duties": [Duty.DISCLOSURE], "person_name": "乙", "on": "2026-11-10"}).status_code == 404
    assert client.post(f"/work/duties/{street.pk}/signoffs/sign/", {
        "kind": "daily", "date": "2026-11-10"}).status_code == 404
    assert client.get(f"/work/duties/{town.pk}/").status_code == 200
    # the supervisor reads every unit below it but changes none
    login(client, supervisor)
    assert "甲" in client.get("/work/duties/").content.decode()
    assert client.get(f"/work/duties/{street.pk}/").status_code == 200
    resp = client.post(f"/work/duties/{street.pk}/transfer/", {
        "duties": [Duty.DISCLOSURE], "person_name": "乙", "on": "2026-11-10"}, follow=True)
    assert "您无权" in resp.content.decode()
    assert not DutyAssignment.objects.filter(person_name="乙").exists()


def test_notice_sheet_contacts_of_one_unit(street, town, street_admin):
    from django.template import Context, Template

    tpl = Template('{% load duties %}{% duty_contacts unit caption="本单位政府信息公开工作责任人" %}')
    assert "责任人" not in tpl.render(Context({"unit": street}))  # nobody named: nothing printed
    services.transfer(street_admin, street, duties=[Duty.LEADER], person_name="周领导", on=dt.date(2026, 1, 5))
    services.transfer(street_admin, street, duties=[Duty.DISCLOSURE], person_name="吴公开", on=dt.date(2026, 1, 5),
                      phone="0571-3000")
    services.transfer(street_admin, street, duties=[Duty.SECRECY], person_name="郑保密", on=dt.date(2026, 1, 5))
    html = tpl.render(Context({"unit": street}))
    assert "本单位政府信息公开工作责任人" in html and "周领导" in html and "吴公开" in html and "0571-3000" in html
    assert "郑保密" not in html and town.name not in html
