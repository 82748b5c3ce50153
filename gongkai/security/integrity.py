"""可信验证 (8.1.4.6, security.md §3.6) as a service: the installed files against their SM3 manifest
and the security-policy rows against their HMAC. Used by ``gongkai verify-install`` and by the hourly
task; every run is an audit record, and a mismatch raises the integrity alert."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import environment
from gongkai.crypto.primitives import sm3_hex
from gongkai.domain import install_manifest as im


@dataclass
class Verification:
    files: im.Result | None            # None: no manifest was written at install time
    tampered_policies: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.files is None or self.files.ok) and not self.tampered_policies


def manifest_path(arg: str | None = None) -> Path:
    return Path(arg or environment.install_manifest()
                or Path(sys.prefix) / "share" / "gongkai" / "install-manifest.json")


def package_root(arg: str | None = None) -> Path:
    import gongkai

    return Path(arg) if arg else Path(gongkai.__file__).resolve().parent


def digest_package(root: Path) -> dict[str, str]:
    """The SM3 digest of every file under ``root``: what the manifest records and what is checked."""
    return im.build(root, sm3_hex)


def check_files(root: Path, manifest: Path) -> im.Result:
    """Raises ValueError for an unreadable manifest."""
    return im.compare(im.load(manifest.read_text()), digest_package(root))


def check_policies() -> list[int]:
    """Ids of SecurityPolicy rows failing their HMAC (each reported: defaults apply, alert raised)."""
    from . import policy_mac
    from .models import SecurityPolicy

    bad = []
    for policy in SecurityPolicy.objects.all():
        if not policy_mac.valid(policy):
            policy_mac.report_tampered(policy)
            bad.append(policy.pk)
    return bad


def verify(root: Path | None = None, manifest: Path | None = None, *, database: bool = True,
           via: str = "cli") -> Verification:
    """One verification run. With ``database`` (the default) the policy rows are checked too, the run
    is audited and a file mismatch raises the integrity alert; without it only the files are compared
    (for a host whose database is not reachable yet)."""
    from gongkai.monitoring import alerts
    from gongkai.units import audit
    from gongkai.units.models import Outcome

    root, manifest = root or package_root(), manifest or manifest_path()
    files = check_files(root, manifest) if manifest.exists() else None
    if not database:
        return Verification(files)
    if files is not None and not files.ok:
        alerts.integrity_mismatch("安装文件", expected="SM3 清单", actual=", ".join(
            (files.changed + files.missing + files.extra)[:5]), where=f"gongkai verify-install ({via})")
    result = Verification(files, check_policies())
    with audit.bind_request(None):
        audit.record("security.verify_install", outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
                     reason="" if result.ok else "可信验证不通过",
                     detail={"via": via, "manifest": str(manifest), "manifest_found": files is not None,
                             "changed": len(files.changed) if files else 0,
                             "missing": len(files.missing) if files else 0,
                             "extra": len(files.extra) if files else 0,
                             "tampered_policies": result.tampered_policies})
    return result
