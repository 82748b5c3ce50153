"""verify-install [--write]: 可信验证 of the installed package (SM3 manifest) and of the security
policy row (HMAC-SM3). Exit status 0 ok, 1 a mismatch (audited and alerted), 2 error."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import CommandError


def register(sub) -> None:
    p = sub.add_parser("verify-install", help="check the installed files against the SM3 manifest and the "
                                              "security policy against its HMAC (--write: record the manifest)")
    p.add_argument("--write", action="store_true", help="write the manifest (at install or release build time)")
    p.add_argument("--manifest", help="manifest path (default $GONGKAI_INSTALL_MANIFEST or "
                                      "<prefix>/share/gongkai/install-manifest.json)")
    p.add_argument("--root", help="package directory to check (default: the installed gongkai package)")
    p.add_argument("--files-only", action="store_true", help="skip the database check of the security policy")
    p.set_defaults(func=cmd_verify_install)


def manifest_path(arg: str | None) -> Path:
    return Path(arg or os.environ.get("GONGKAI_INSTALL_MANIFEST")
                or Path(sys.prefix) / "share" / "gongkai" / "install-manifest.json")


def package_root(arg: str | None) -> Path:
    import gongkai

    return Path(arg) if arg else Path(gongkai.__file__).resolve().parent


def cmd_verify_install(args) -> int:
    from gongkai.domain import install_manifest as im

    root, path = package_root(args.root), manifest_path(args.manifest)
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        digests = im.build(root)
        path.write_text(im.dump(digests))
        print(f"wrote {path}: {len(digests)} files of {root}")
        return 0
    if not path.exists():
        raise CommandError(f"未找到安装清单 {path}：请在安装时运行 'gongkai verify-install --write'")
    try:
        result = im.compare(im.load(path.read_text()), im.build(root))
    except ValueError as exc:
        raise CommandError(f"安装清单 {path} 无法读取：{exc}") from None
    for label, paths in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra)):
        for item in paths:
            print(f"{label}: {item}")
    policy_ok = True if args.files_only else _check_policy(result)
    print("files: ok" if result.ok else f"files: {len(result.changed)} changed, {len(result.missing)} missing, "
          f"{len(result.extra)} extra")
    return 0 if result.ok and policy_ok else 1


def _check_policy(result) -> bool:
    from . import setup_django

    setup_django()
    from gongkai.monitoring import alerts
    from gongkai.security import policy_mac
    from gongkai.security.models import SecurityPolicy

    if not result.ok:
        alerts.integrity_mismatch("安装文件", expected="SM3 清单", actual=", ".join(
            (result.changed + result.missing + result.extra)[:5]), where="gongkai verify-install")
    ok = True
    for policy in SecurityPolicy.objects.all():
        if not policy_mac.valid(policy):
            policy_mac.report_tampered(policy)
            print(f"policy: row {policy.pk} fails its HMAC (defaults in force)")
            ok = False
    print("policy: ok" if ok else "policy: TAMPERED")
    return ok
