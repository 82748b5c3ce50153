"""pii scan (placeholder, being written)."""


def register(sub) -> None:
    p = sub.add_parser("pii", help="personal-data guard: scan files for ID, mobile and bank card numbers")
    p.set_defaults(func=lambda args: 2)
