"""``gongkai otp code USERNAME``: the current 动态口令 of a demo account (demo machines only)."""
from __future__ import annotations

from gongkai import environment

from . import CommandError, setup_django


def register(sub) -> None:
    p = sub.add_parser("otp", help="second factor helpers for the demo (otp code USERNAME)")
    inner = p.add_subparsers(dest="otp_command", metavar="ACTION")
    code = inner.add_parser("code", help="print the current 6-digit code of a demo account")
    code.add_argument("username")
    code.add_argument("--data-dir", help="the demo's data dir (default ./var)")
    code.set_defaults(func=cmd_code)


def cmd_code(args) -> int:
    if args.data_dir:
        environment.use_data_dir(args.data_dir)
    setup_django()
    from gongkai.security.demo_otp import current_code

    code = current_code(args.username)
    if code is None:
        raise CommandError(f"{args.username}: 不是演示账号，不能显示动态口令 (only demo accounts)")
    print(code)
    return 0
