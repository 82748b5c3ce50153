"""verify-install [--write]: 可信验证 of the installed package (SM3 manifest) and of the security
policy row (HMAC-SM3). Exit status 0 ok, 1 a mismatch (audited and alerted), 2 error."""
from __future__ import annotations

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


def cmd_verify_install(args) -> int:
    from gongkai.domain import install_manifest as im

    from gongkai.security import integrity

    from . import setup_django

    root, path = integrity.package_root(args.root), integrity.manifest_path(args.manifest)
    if args.write:
        path.parent.mkdir(parents=True, exist_ok=True)
        digests = integrity.digest_package(root)
        path.write_text(im.dump(digests))
        print(f"wrote {path}: {len(digests)} files of {root}")
        return 0
    if not path.exists():
        raise CommandError(f"未找到安装清单 {path}：请在安装时运行 'gongkai verify-install --write'")
    if not args.files_only:
        setup_django()  # the policy rows, the audit record and the alert need the database
    try:
        result = integrity.verify(root, path, database=not args.files_only, via="cli")
    except ValueError as exc:
        raise CommandError(f"安装清单 {path} 无法读取：{exc}") from None
    files = result.files
    assert files is not None  # noqa: S101 the manifest exists (checked above)
    for label, paths in (("changed", files.changed), ("missing", files.missing), ("extra", files.extra)):
        for item in paths:
            print(f"{label}: {item}")
    print("files: ok" if files.ok else f"files: {len(files.changed)} changed, {len(files.missing)} missing, "
          f"{len(files.extra)} extra")
    if not args.files_only:
        for pk in result.tampered_policies:
            print(f"policy: row {pk} fails its HMAC (defaults in force)")
        print("policy: TAMPERED" if result.tampered_policies else "policy: ok")
    return 0 if result.ok else 1
