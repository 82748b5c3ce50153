"""PBKDF2-HMAC-SM3 password hasher (口令以国密杂凑算法存储, spec security.md §3.8, §5).

Registered first in ``PASSWORD_HASHERS``: new passwords are stored with it, and a password stored
by any other listed hasher is re-hashed with it at the next successful log-in (Django's
``check_password`` setter), so old hashes upgrade on log-in.
"""
from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.contrib.auth.hashers import PBKDF2PasswordHasher


class PBKDF2SM3PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sm3"
    iterations = 600_000  # ~0.5 s on one core of the reference machine, like Django's SHA-256 default
    digest = None  # hashlib is not used: SM3 comes from cryptography

    def encode(self, password, salt, iterations=None):
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        kdf = PBKDF2HMAC(algorithm=hashes.SM3(), length=32, salt=salt.encode(), iterations=iterations)
        hash_ = base64.b64encode(kdf.derive(password.encode())).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${hash_}"
