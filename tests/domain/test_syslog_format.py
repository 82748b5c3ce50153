"""RFC 5424 messages with RFC 5425 octet-counting frames (gongkai/domain/syslog_format.py)."""
import json
import re

import pytest

from gongkai.domain import syslog_format as fmt

EVENT = {"id": 7, "seq": 7, "ts": "2026-12-02T08:30:01.250000+00:00", "event": "auth.login_failed",
         "outcome": "failure", "mac": "ab" * 32, "username": "系统", "detail": {"username": 'x"]\\y'}}
HEADER = re.compile(rb'^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[.*?[^\\]\]) ')


def test_message_has_the_rfc5424_header_structured_data_and_utf8_json():
    msg = fmt.message(EVENT, "gongkai-app-1")
    m = HEADER.match(msg)
    assert m, msg
    pri, ts, host, app, procid, msgid, sd = m.groups()
    assert int(pri) == 13 * 8 + 4  # log audit, warning
    assert ts == b"2026-12-02T08:30:01.250000Z" and host == b"gongkai-app-1" and app == b"gongkai"
    assert procid == b"-" and msgid == b"auth.login_failed"
    assert sd == b'[gongkai@32473 id="7" seq="7" outcome="failure" mac="' + b"ab" * 32 + b'"]'
    body = msg[m.end():]
    assert body.startswith(fmt.BOM) and json.loads(body[len(fmt.BOM):].decode()) == EVENT


def test_severity_alert_for_alerts_and_info_for_success():
    assert fmt.message(dict(EVENT, event="security.alert"), "h").startswith(b"<105>1 ")
    assert fmt.message(dict(EVENT, outcome="success"), "h").startswith(b"<110>1 ")


def test_param_values_are_escaped():
    assert fmt.sd_escape('a"b]c\\d') == 'a\\"b\\]c\\\\d'


def test_header_fields_are_printable_ascii():
    msg = fmt.message(dict(EVENT, event="带 空格"), "主机 名")
    assert b" - - [" in msg  # an empty-after-cleaning HOSTNAME and MSGID become NILVALUE


def test_oversized_message_drops_detail_then_is_cut_below_the_limit():
    big = dict(EVENT, detail={"text": "长" * 5000})
    msg = fmt.message(big, "h", max_bytes=2048)
    assert len(msg) <= 2048 and b'"truncated": true' in msg and "长".encode() not in msg
    huge = dict(EVENT, user_agent="界" * 3000)
    cut = fmt.message(huge, "h", max_bytes=2048)
    assert len(cut) <= 2048
    cut.decode("utf-8")  # cut at a character boundary


def test_octet_counting_frames_round_trip_in_any_chunks():
    msgs = [fmt.message(dict(EVENT, id=i), "h") for i in range(3)]
    stream = b"".join(fmt.frame(m) for m in msgs)
    assert fmt.frame(msgs[0]).startswith(str(len(msgs[0])).encode() + b" <")
    got, rest = fmt.read_frames(stream[:-5])
    assert got == msgs[:2] and rest
    got2, rest2 = fmt.read_frames(rest + stream[-5:])
    assert got2 == msgs[2:] and rest2 == b""


@pytest.mark.parametrize("text,want", [("syslog.example.gov.cn:6514", ("syslog.example.gov.cn", 6514)),
                                       ("127.0.0.1:1", ("127.0.0.1", 1)), ("[::1]:6514", ("::1", 6514))])
def test_target_parsing(text, want):
    assert fmt.parse_target(text) == want


@pytest.mark.parametrize("text", ["syslog.example.gov.cn", ":6514", "h:0", "h:99999", "h:x"])
def test_bad_targets_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="主机:端口"):
        fmt.parse_target(text)
