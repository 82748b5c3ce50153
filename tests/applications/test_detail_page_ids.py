"""The application page holds many small forms; every label must point at its own field."""
import datetime as dt
from collections import Counter
from html.parser import HTMLParser

from gongkai.applications.handling import services
from tests.conftest import PASSWORD


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1


def test_no_duplicate_ids_with_two_open_consultations(client, street_clerk, counter_app, today):
    today(dt.date(2026, 10, 12))
    app = counter_app(received=dt.date(2026, 9, 28))
    services.start_pause(street_clerk, app, kind="third_party", party="某公司", started_on=dt.date(2026, 9, 29))
    services.start_pause(street_clerk, app, kind="other_agency", party="县自然资源局", started_on=dt.date(2026, 9, 30))
    assert client.login(username=street_clerk.username, password=PASSWORD)
    parser = _Ids()
    parser.feed(client.get(f"/work/applications/{app.pk}/").content.decode())
    assert [i for i, n in parser.ids.items() if n > 1] == []
    assert parser.ids["id_decision_basis"] == 1 and parser.ids["id_fee_basis"] == 1
