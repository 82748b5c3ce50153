"""keys init / status / rotate / verify: the crypto provider's keys (gongkai/crypto/keys.py)."""
from __future__ import annotations

import argparse

from . import CommandError

EPILOG = """\
The KEK (key-encryption key) comes from GONGKAI_KEK (32 hex digits) or, when unset, from the file
<key dir>/kek that 'keys init' creates; the data keys live wrapped in <key dir>/keyring.json.
<key dir> is GONGKAI_KEY_DIR, default <GONGKAI_DATA_DIR>/keys. Back both up (gongkai backup does),
and keep GONGKAI_KEK apart from the backups.

'keys rotate' adds a new field key and a new index key, re-encrypts every encrypted field and
recomputes every blind index under them; the old keys stay in the keyring (retired) so that older
backups can still be read. Exit status: 0 ok, 1 'verify' found undecryptable values, 2 error.
"""


def register(sub) -> None:
    p = sub.add_parser("keys", help="encryption keys of personal data: init, status, rotate, verify",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ksub = p.add_subparsers(dest="keys_command", metavar="ACTION")
    ksub.add_parser("init", help="create the KEK file (unless GONGKAI_KEK is set) and the data keys") \
        .set_defaults(func=cmd_init)
    ksub.add_parser("status", help="list the keys (ids, purposes, which is active) and the KEK's source") \
        .set_defaults(func=cmd_status)
    ksub.add_parser("rotate", help="new data keys; re-encrypt every field and re-index under them") \
        .set_defaults(func=cmd_rotate)
    ksub.add_parser("verify", help="decrypt every encrypted field; list those that fail") \
        .set_defaults(func=cmd_verify)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def _crypto():
    from gongkai.crypto import keys, primitives
    try:
        primitives.self_test()
    except primitives.UnsupportedBuild as exc:
        raise CommandError(f"this build cannot do SM3/SM4: {exc}") from None
    return keys


def require_keys() -> None:
    """For serve/worker: the known-answer tests pass and the keys can be loaded, else CommandError."""
    keys = _crypto()
    try:
        keys.active("field"), keys.active("index")
    except keys.KeysMissing as exc:
        raise CommandError(f"{exc}\n(personal data is stored encrypted: run 'gongkai keys init' once, "
                           "and back up the key dir)") from None


def cmd_init(args) -> int:
    keys = _crypto()
    try:
        created = keys.init()
    except keys.KeysMissing as exc:
        raise CommandError(str(exc)) from None
    print("\n".join(f"created {c}" for c in created) if created else f"keys already present in {keys.key_dir()}")
    return 0


def cmd_status(args) -> int:
    keys = _crypto()
    try:
        rows = keys.status()
    except keys.KeysMissing as exc:
        raise CommandError(str(exc)) from None
    print(f"key dir: {keys.key_dir()}; KEK from {rows[0]['kek'] if rows else '?'}")
    for row in rows:
        print(f"  {row['purpose']:<6} {row['kid']}  {'active' if row['active'] else 'retired'}")
    return 0


def cmd_rotate(args) -> int:
    keys = _crypto()
    from . import setup_django
    setup_django()
    from gongkai.crypto import rotation
    try:
        new = keys.add_keys()
        counts = rotation.reencrypt_all()
    except keys.KeysMissing as exc:
        raise CommandError(str(exc)) from None
    print(f"new keys: {', '.join(f'{p} {k}' for p, k in new.items())}")
    for label, n in counts.items():
        print(f"  {label}: {n} rows re-encrypted")
    return 0


def cmd_verify(args) -> int:
    _crypto()
    from . import setup_django
    setup_django()
    from gongkai.crypto import rotation
    bad = rotation.undecryptable()
    for label, pk, reason in bad:
        print(f"{label} #{pk}: {reason}")
    print(f"{len(bad)} undecryptable values")
    return 1 if bad else 0
