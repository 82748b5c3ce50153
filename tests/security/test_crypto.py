"""gongkai.crypto: 国密 known answers, keys outside the database, field envelopes, rotation (security.md §5)."""
import json
import os
import stat

import pytest

from gongkai.crypto import envelope, keys, primitives
from gongkai.crypto.primitives import TamperedError


# -- known-answer tests: a build whose OpenSSL lacks SM3/SM4 fails here -----------------------

def test_sm3_of_abc_is_the_gbt_32905_example():
    assert primitives.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm4_encrypts_the_gbt_32907_example_block():
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    assert primitives.sm4_ecb_block(key, key).hex() == "681edf34d206965e86b3e94f536e4246"


def test_self_test_passes_on_this_build():
    primitives.self_test()


def test_sm4_gcm_round_trip_and_any_altered_byte_is_refused():
    key = os.urandom(16)
    sealed = primitives.sm4_gcm_seal(key, b"110105194912310021", b"ctx")
    assert primitives.sm4_gcm_open(key, sealed, b"ctx") == b"110105194912310021"
    assert primitives.sm4_gcm_seal(key, b"same", b"ctx") != primitives.sm4_gcm_seal(key, b"same", b"ctx")
    for i in (0, 12, len(sealed) - 1):  # nonce, body, tag
        bad = bytearray(sealed)
        bad[i] ^= 1
        with pytest.raises(TamperedError):
            primitives.sm4_gcm_open(key, bytes(bad), b"ctx")
    with pytest.raises(TamperedError):
        primitives.sm4_gcm_open(key, sealed, b"another field")
    with pytest.raises(TamperedError):
        primitives.sm4_gcm_open(os.urandom(16), sealed, b"ctx")


def test_hmac_sm3_is_keyed():
    assert primitives.hmac_sm3(b"k1", b"13812345678") == primitives.hmac_sm3(b"k1", b"13812345678")
    assert primitives.hmac_sm3(b"k1", b"13812345678") != primitives.hmac_sm3(b"k2", b"13812345678")
    assert len(primitives.hmac_sm3(b"k1", b"x")) == 32


# -- keys --------------------------------------------------------------------------------------

@pytest.fixture
def own_keys(tmp_path, monkeypatch):
    """An empty key dir of this test (the session keyring is put back afterwards)."""
    monkeypatch.setenv("GONGKAI_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("GONGKAI_KEK", raising=False)
    keys._cache.clear()
    yield tmp_path / "keys"
    keys._cache.clear()


def test_nothing_is_created_before_the_explicit_init(own_keys, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", "from gongkai import environment; environment.prepare_data_dir(); "  # as a command does
                    "import django; django.setup(); import gongkai.crypto.fields, gongkai.applications.models"],
                   env=env, check=True, timeout=60)
    assert not own_keys.exists() and keys.key_material_paths() == []
    with pytest.raises(keys.KeysMissing, match="gongkai keys init"):
        envelope.encrypt("13812345678", "t.phone")
    assert not own_keys.exists()


def test_init_makes_a_private_kek_file_and_wrapped_data_keys(own_keys):
    created = keys.init()
    assert len(created) == 3 and not keys.init()  # the second run changes nothing
    kek, ring = own_keys / "kek", own_keys / "keyring.json"
    assert stat.S_IMODE(kek.stat().st_mode) == 0o600 and stat.S_IMODE(ring.stat().st_mode) == 0o600
    assert keys.key_material_paths() == [ring, kek]
    data = json.loads(ring.read_text())
    assert {e["purpose"] for e in data["keys"]} == {"field", "index"}
    raw = {k.kid: k.key for k in (keys.active("field"), keys.active("index"))}
    for entry in data["keys"]:  # only wrapped keys on disk
        assert raw[entry["kid"]].hex() not in ring.read_text() and entry["wrapped"]


def test_kek_from_the_environment_is_not_written_and_a_wrong_one_is_refused(own_keys, monkeypatch):
    monkeypatch.setenv("GONGKAI_KEK", "00112233445566778899aabbccddeeff")
    keys.init()
    assert not (own_keys / "kek").exists()
    assert keys.key_material_paths() == [own_keys / "keyring.json"]
    stored = envelope.encrypt("城关大道2号", "t.address")
    monkeypatch.setenv("GONGKAI_KEK", "ffeeddccbbaa99887766554433221100")
    with pytest.raises(keys.KeysMissing, match="不符"):
        keys.active("field")
    monkeypatch.setenv("GONGKAI_KEK", "not a key")
    with pytest.raises(keys.KeysMissing, match="32 hex"):
        keys.active("field")
    monkeypatch.setenv("GONGKAI_KEK", "00112233445566778899aabbccddeeff")
    assert envelope.decrypt(stored, "t.address") == "城关大道2号"


def test_altered_keyring_is_reported_not_used(own_keys):
    keys.init()
    ring = own_keys / "keyring.json"
    data = json.loads(ring.read_text())
    data["keys"][0]["wrapped"] = data["keys"][1]["wrapped"]
    ring.write_text(json.dumps(data))
    with pytest.raises(keys.KeysMissing, match="无法解封"):
        keys.active("index")


# -- envelopes ---------------------------------------------------------------------------------

def test_envelope_stores_algorithm_and_key_id_and_binds_the_field(own_keys):
    keys.init()
    stored = envelope.encrypt("11010519491231002X", "applications.application.id_number")
    alg, kid, _body = stored.split("$")
    assert alg == "sm4gcm1" and kid == keys.active("field").kid and "1101" not in stored
    assert envelope.decrypt(stored, "applications.application.id_number") == "11010519491231002X"
    with pytest.raises(envelope.DecryptionError):
        envelope.decrypt(stored, "applications.application.phone")  # copied into another column
    with pytest.raises(envelope.DecryptionError, match="算法标识"):
        envelope.decrypt("11010519491231002X", "applications.application.id_number")


def test_rotation_keeps_old_ciphertexts_readable_and_indexes_findable(own_keys):
    keys.init()
    before = envelope.encrypt("13812345678", "t.phone")
    old_index = envelope.blind_index("13812345678", "t.phone")
    new = keys.add_keys()
    after = envelope.encrypt("13812345678", "t.phone")
    assert envelope.key_id(before) != envelope.key_id(after) == new["field"]
    assert envelope.decrypt(before, "t.phone") == envelope.decrypt(after, "t.phone") == "13812345678"
    assert envelope.blind_index("13812345678", "t.phone") != old_index
    assert old_index in envelope.blind_indexes("13812345678", "t.phone")
    removed = json.loads((own_keys / "keyring.json").read_text())
    removed["keys"] = [e for e in removed["keys"] if e["kid"] != envelope.key_id(before)]
    (own_keys / "keyring.json").write_text(json.dumps(removed))
    with pytest.raises(envelope.DecryptionError, match="未知的密钥编号"):
        envelope.decrypt(before, "t.phone")
