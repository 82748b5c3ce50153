"""国密 primitives (SM3, HMAC-SM3, SM4-GCM) from the ``cryptography`` package; no Django.

GB/T 32905 (SM3 杂凑算法) and GB/T 32907 (SM4 分组密码算法) are provided by OpenSSL through
``cryptography``. ``self_test`` checks both against the standards' example vectors so that a
build whose OpenSSL lacks them fails loudly instead of silently falling back.
"""
from __future__ import annotations

import hmac as _stdlib_hmac
import os

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as _hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SM4_KEY_BYTES = 16
GCM_NONCE_BYTES = 12
GCM_TAG_BYTES = 16

SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"  # GB/T 32905 A.1
SM4_KEY_AND_PLAIN = "0123456789abcdeffedcba9876543210"  # GB/T 32907 附录A 示例1
SM4_CIPHER = "681edf34d206965e86b3e94f536e4246"


class CryptoError(Exception):
    """Base of every error of the crypto provider."""


class UnsupportedBuild(CryptoError):
    """OpenSSL under ``cryptography`` lacks SM3 or SM4."""


class TamperedError(CryptoError):
    """Authentication failed: the ciphertext, its context or the key is wrong."""


def sm3(data: bytes) -> bytes:
    """SM3 digest (32 bytes)."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def sm3_hex(data: bytes | str) -> str:
    return sm3(data.encode() if isinstance(data, str) else data).hex()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC-SM3 (32 bytes)."""
    mac = _hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def constant_time_equal(a: bytes, b: bytes) -> bool:
    return _stdlib_hmac.compare_digest(a, b)


def sm4_gcm_seal(key: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """SM4-GCM: returns nonce (12) || ciphertext || tag (16); a fresh random nonce each call."""
    nonce = os.urandom(GCM_NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    body = enc.update(plaintext) + enc.finalize()
    return nonce + body + enc.tag


def sm4_gcm_open(key: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    """Inverse of ``sm4_gcm_seal``; ``TamperedError`` when anything was altered."""
    if len(sealed) < GCM_NONCE_BYTES + GCM_TAG_BYTES:
        raise TamperedError("密文长度不足")
    nonce, body, tag = sealed[:GCM_NONCE_BYTES], sealed[GCM_NONCE_BYTES:-GCM_TAG_BYTES], sealed[-GCM_TAG_BYTES:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(aad)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag as exc:
        raise TamperedError("密文校验失败：数据被篡改或密钥不符") from exc


def sm4_ecb_block(key: bytes, block: bytes) -> bytes:
    """One raw SM4 block (only for the known-answer test)."""
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305 one block, known-answer test only
    return enc.update(block) + enc.finalize()


def self_test() -> None:
    """Known-answer tests of SM3 and SM4; raises ``UnsupportedBuild`` on any mismatch."""
    try:
        if sm3_hex(b"abc") != SM3_ABC:
            raise UnsupportedBuild("SM3 known-answer test failed")
        key = bytes.fromhex(SM4_KEY_AND_PLAIN)
        if sm4_ecb_block(key, key).hex() != SM4_CIPHER:
            raise UnsupportedBuild("SM4 known-answer test failed")
        if sm4_gcm_open(key, sm4_gcm_seal(key, b"gongkai", b"kat"), b"kat") != b"gongkai":
            raise UnsupportedBuild("SM4-GCM round trip failed")
    except UnsupportedAlgorithm as exc:
        raise UnsupportedBuild(f"OpenSSL lacks an SM algorithm: {exc}") from exc
