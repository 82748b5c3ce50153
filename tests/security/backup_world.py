"""Run as a script in a child process (its own data dir and database, see test_backup_roundtrip):
``build`` fills a busy platform and prints what it made as JSON; ``check`` reads it back."""
import datetime as dt
import hashlib
import io
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
import django

django.setup()

from docx import Document  # noqa: E402

from gongkai.applications.handling import services as apps  # noqa: E402
from gongkai.catalog import services as catalog  # noqa: E402
from gongkai.catalog.models import Attachment  # noqa: E402
from gongkai.units import audit  # noqa: E402
from gongkai.units.models import AuditEntry, Role, Unit, UnitKind, User  # noqa: E402


def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build() -> dict:
    county = Unit.objects.create(name="备份县人民政府", code="B1000", kind=UnitKind.COUNTY)
    street = Unit.objects.create(name="备份街道办事处", code="B1100", kind=UnitKind.SUBDISTRICT, parent=county)
    clerk = User.objects.create_user(username="bk_clerk", password="Backup-pass-9137!", unit=street,
                                     role=Role.CLERK, full_name="备份员")
    codes = {}
    for i in range(6):
        sub = apps.submit_online(street, data={
            "applicant_type": "natural_person", "name": f"申请人{i}", "id_number": "11010519491231002X",
            "phone": f"1381234567{i}", "email": "wxm@example.com", "address": "城关大道2号",
            "description": f"第{i}件：2026年老旧小区改造项目的批复文件", "info_form": "electronic",
            "delivery": "email"}, submission_key=f"backup-roundtrip-token-{i:04d}")
        codes[sub.application.number] = sub.query_code
    hashes = {}
    for i in range(3):
        item = catalog.create_item(clerk, title=f"备份测试信息{i}", body="<p>正文</p>",
                                   written_date=dt.date(2026, 3, 2))
        att = catalog.add_attachment(clerk, item, name=f"附件{i}.docx", data=_docx(f"附件正文 {i}"))
        hashes[att.pk] = hashlib.sha256(att.file.read()).hexdigest()
    for i in range(5):
        audit.record("test.busy", user=clerk, detail={"i": i})
    return {"codes": codes, "attachments": hashes, "audit_rows": AuditEntry.objects.count()}


def check(expected: dict) -> dict:
    resolved = {n: apps.public_status(n, c) is not None for n, c in expected["codes"].items()}
    wrong = apps.public_status(next(iter(expected["codes"])), "AAAAAAAAAA") is not None
    files = {}
    for pk, digest in expected["attachments"].items():
        att = Attachment.objects.get(pk=int(pk))
        with att.file.open("rb") as handle:
            files[pk] = hashlib.sha256(handle.read()).hexdigest() == digest == att.sha256
    report = audit.verify_chain()
    return {"resolved": resolved, "wrong_code_resolves": wrong, "files": files, "chain_ok": report.ok,
            "problem": report.problem, "audit_rows": AuditEntry.objects.count(),
            "actions": sorted(set(AuditEntry.objects.values_list("action", flat=True)))}


if __name__ == "__main__":
    if sys.argv[1] == "build":
        print(json.dumps(build()))
    else:
        print(json.dumps(check(json.loads(sys.stdin.read()))))
