"""A logging filter on every handler: personal data and secrets are masked before a line is written."""
from __future__ import annotations

import logging

from gongkai.domain.log_masking import mask_log_text


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_log_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
