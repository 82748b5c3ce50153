"""The demo 政务咨询 messages: some overdue past each line, some published, one pending review."""
import datetime as dt

from gongkai.consult.demo import load_demo_messages
from gongkai.consult.models import Message, Publication, Status
from gongkai.consult.queries import board_counts
from gongkai.demo.county import Staff
from gongkai.units.models import Role


def test_demo_messages(county, street, town, make_user):
    units = {"county": county, "jd": street, "zhen": town}
    staff = {k: Staff(make_user(u, Role.CLERK), make_user(u, Role.REVIEWER)) for k, u in units.items()}
    today = dt.date(2025, 11, 20)
    assert load_demo_messages(units, staff, today) == 36
    assert Message.objects.filter(publication=Publication.PUBLISHED).count() >= 5
    assert Message.objects.filter(publication=Publication.PENDING).exists()
    assert Message.objects.filter(status=Status.MERGED).exists() and Message.objects.filter(status=Status.INVALID).exists()
    assert Message.objects.filter(transfers__isnull=False).exists()
    counts = board_counts([u.pk for u in units.values()], today)
    assert counts["consult_veto"] and counts["consult_warning"]
    for m in Message.objects.filter(publication=Publication.PUBLISHED):
        assert m.name not in m.public_question + m.public_answer or not m.name
        assert m.contact not in m.public_question
