"""demo, serve, worker, migrate, manage."""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys

from gongkai import environment

from . import CommandError, setup_django

DEFAULT_ADDR = "127.0.0.1:8000"


def register(sub) -> None:
    p = sub.add_parser("demo", help="set up a demo database (SQLite, demo data) and serve it with a worker")
    p.add_argument("--addr", default=DEFAULT_ADDR, help="HOST:PORT to listen on (default %(default)s)")
    p.add_argument("--data-dir", help="where the database, uploads and queue live (default ./var)")
    p.add_argument("--no-serve", action="store_true", help="only set up the data, then exit")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve the web application (production: behind nginx)")
    p.add_argument("--addr", default=DEFAULT_ADDR, help="HOST:PORT to listen on (default %(default)s)")
    p.add_argument("--threads", type=int, default=8, help="worker threads (default %(default)s)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run the background task worker (Huey consumer)")
    p.add_argument("--workers", type=int, default=2, help="worker threads (default %(default)s)")
    p.add_argument("--no-periodic", action="store_true",
                   help="do not queue the schedules from this worker (another worker or machine does)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("manage", help="run a Django management command (e.g. createsuperuser)")
    p.add_argument("args", nargs=argparse.REMAINDER, help="the command and its arguments")
    p.set_defaults(func=cmd_manage)


def parse_addr(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--addr must be HOST:PORT, got {addr!r}")
    return host.strip("[]"), int(port)


def _serve(addr: str, threads: int) -> None:
    from waitress import serve

    from gongkai.wsgi import application

    host, port = parse_addr(addr)
    print(f"gongkai: serving on http://{addr}/ (Ctrl-C to stop)", flush=True)
    serve(application, host=host, port=port, threads=threads, ident="gongkai")


def cmd_demo(args) -> int:
    if args.data_dir:
        environment.use_data_dir(args.data_dir)
    environment.use_embedded_database_unless_set()  # the embedded SQLite default under the data dir
    parse_addr(args.addr)
    # the demo site is served by this very process: register it at the address it really has
    environment.use_default("GONGKAI_DEMO_SITE_URL", f"http://{args.addr}/demo-site/")
    setup_django(migrate_embedded=False)
    from django.core.management import call_command

    from gongkai.crypto import keys
    from gongkai.demo.county import DEMO_PASSWORD
    from gongkai.demo.load import load_demo

    keys.init()  # the demo's own keys (pii): KEK file and data keys under the demo data dir
    call_command("migrate", verbosity=0, interactive=False)
    users = load_demo(progress=sys.stdout)
    from gongkai.watch import demo_site

    demo_site.rehome_demo_sites(demo_site.base_url())
    from gongkai.security.demo_otp import ensure_demo_devices

    otp_keys = ensure_demo_devices(u for u, _, _ in users)  # 动态口令: see docs/operations.md
    print(f"\n演示账号 / demo log-ins (password for all: {DEMO_PASSWORD}):")
    for username, role, unit in users:
        print(f"  {username:<14} {role:<16} {unit}")
    print("\n动态口令 / second factor: add a key to an authenticator app, or run"
          " `.venv/bin/gongkai otp code USERNAME` for the current code:")
    for username in (u for u, _, _ in users if u in otp_keys):
        print(f"  {username:<18} {otp_keys[username]}")
    if args.no_serve:
        return 0
    worker = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker", "--workers", "1"],
                              env=environment.for_child_process())
    print(f"gongkai: background worker started (pid {worker.pid})", flush=True)
    from gongkai.watch.tasks import run_check

    for site in demo_site.never_checked_demo_sites():  # the supervisor's first look shows real results
        run_check.schedule((site.pk,), delay=15)  # once the server below is listening
    try:
        _serve(args.addr, 8)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


def cmd_serve(args) -> int:
    setup_django()
    from .keys import require_keys
    require_keys()  # pii: SM3/SM4 self-test and the keys present, else a clear error before serving
    _serve(args.addr, args.threads)
    return 0


def cmd_worker(args) -> int:
    setup_django()
    from .keys import require_keys
    require_keys()
    from django.core.management import call_command

    call_command("run_huey", workers=args.workers, worker_type="thread", **({"periodic": False} if args.no_periodic else {}))
    return 0


def cmd_migrate(args) -> int:
    setup_django(migrate_embedded=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    return 0


def cmd_manage(args) -> int:
    setup_django(migrate_embedded=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.args])
    return 0
