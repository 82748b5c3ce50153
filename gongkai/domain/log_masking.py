"""What may never reach a log line (剩余信息保护, GB/T 22239-2019 8.1.4.10): ID, mobile and bank
card numbers, and the value of anything named like a password, code or secret."""
from __future__ import annotations

import re

from .pii import mask_text

_SECRET = re.compile(
    r"(?i)(password|passwd|pwd|secret|token|otp_token|query_code|口令|密码|查询码)(\s*[=:：]\s*|[\"']\s*:\s*[\"'])([^\s&\"',;]+)")


def mask_log_text(text: str) -> str:
    text = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    masked, _ = mask_text(text)
    return masked
