"""SMS segments, for the connectors: the module lives in ``common`` so flows can keep a
read-back within two segments too."""

from common.sms_segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    GSM7_PART,
    GSM7_SINGLE,
    UCS2_PART,
    UCS2_SINGLE,
    chunks,
    is_gsm7,
    segments,
    split,
    split_at_words,
    units,
)

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "GSM7_PART",
    "GSM7_SINGLE",
    "UCS2_PART",
    "UCS2_SINGLE",
    "chunks",
    "is_gsm7",
    "segments",
    "split",
    "split_at_words",
    "units",
]
