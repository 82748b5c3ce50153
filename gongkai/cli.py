"""``gongkai``: the one command-line entry point.

Each sub-command lives in ``gongkai/commands/<name>.py`` and exposes
``register(subparsers)``; importing one must not load Django, so that
``gongkai --help`` stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from gongkai.commands import CommandError

COMMAND_MODULES = [
    "gongkai.commands.server",      # demo, serve, worker, migrate, manage
    "gongkai.commands.workdays",    # workdays add / load / show
    "gongkai.commands.pii",         # pii scan / purge
    "gongkai.commands.keys",        # keys init / status / rotate / verify
    "gongkai.commands.deadline",    # deadline --received DATE ...
    "gongkai.commands.report",      # report inspect PATH...
    "gongkai.commands.applications",  # applications import FILE --unit CODE
    "gongkai.commands.watch",       # watch URL: website watchdog
    "gongkai.commands.catalog",     # catalog import-site URL --unit CODE: an old site's column
    "gongkai.commands.accounts",    # bootstrap-admins: the three 三员 accounts
    "gongkai.commands.otp",         # otp code USERNAME: the demo's second factor
    "gongkai.commands.audit",       # audit verify / export --jsonl / purge
    "gongkai.commands.backup",      # backup [--out FILE] / restore FILE --verify
    "gongkai.commands.verify_install",  # verify-install [--write]: SM3 manifest, policy HMAC (可信验证)
    "gongkai.commands.deploy",      # deploy nginx --app HOST:PORT ... --static DIR
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="gongkai (公开): government information disclosure platform.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"gongkai {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
