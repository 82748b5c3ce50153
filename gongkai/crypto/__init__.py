"""gongkai.crypto: the one crypto provider (国密 SM3 / SM4-GCM / HMAC-SM3), spec security.md §5.

The core (``primitives``, ``keys``, ``envelope``) has no Django import. ``fields`` (encrypted
model fields) and ``hashers`` (PBKDF2-HMAC-SM3 password hasher) are the Django adapters.
"""
from .envelope import DecryptionError, blind_index, blind_indexes, decrypt, encrypt
from .keys import KeysMissing, key_material_paths
from .primitives import CryptoError, TamperedError, UnsupportedBuild, self_test, sm3_hex

__all__ = ["CryptoError", "DecryptionError", "KeysMissing", "TamperedError", "UnsupportedBuild", "blind_index",
           "blind_indexes", "decrypt", "encrypt", "key_material_paths", "self_test", "sm3_hex"]
