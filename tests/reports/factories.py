"""Records for report tests, written straight to the database (the counting is under test, not intake)."""
from __future__ import annotations

import datetime as dt
import itertools

from gongkai.applications.models import Application, Channel, Status
from gongkai.disputes.models import Dispute

_serial = itertools.count(1)
ID_NUMBER = "11010519491231002X"


def application(unit, received: dt.date, answered: dt.date | None = None, decision: str = "granted",
                applicant_type: str = "natural_person") -> Application:
    n = next(_serial)
    return Application.objects.create(
        unit=unit, number=f"{unit.code}-T-{n:05d}", query_code_hash="x", submission_key=f"k{n}",
        channel=Channel.COUNTER, received_on=received, applicant_type=applicant_type, name="王小明",
        id_number=ID_NUMBER, phone="13812345678", description="某文件", info_form="paper", delivery="pickup",
        status=Status.ANSWERED if answered else Status.IN_PROGRESS,
        decision_type=decision if answered else "", answered_on=answered)


def dispute(app: Application, kind: str, filed: dt.date, outcome: str = "pending",
            closed: dt.date | None = None) -> Dispute:
    return Dispute.objects.create(application=app, unit=app.unit, kind=kind, filed_on=filed, body="县人民政府",
                                  outcome=outcome, closed_on=closed)
