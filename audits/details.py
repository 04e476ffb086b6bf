"""An event's details (its payload) in words, for the event's page.

A text someone wrote is kept in the trail as its SHA-256 only (`<field>_sha256`, `audits.recorder.text_digest`):
the page says that it was written and that its
fingerprint is kept, and leaves the fingerprint itself to the event as recorded, for whoever checks a copy of the
text against it.
"""

import json

from audits.labels import words_from_code

FINGERPRINT = "_sha256"
WRITTEN = "written (the trail keeps its fingerprint, not the text)"


def _value(value) -> str:
    if isinstance(value, dict):  # a schedule's settings before and after: in words too
        return "; ".join(f"{name}: {words}" for name, words in details_in_words(value)) or "none"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _detail(key: str, value) -> tuple[str, str]:
    if key.endswith(FINGERPRINT):
        return words_from_code(key.removesuffix(FINGERPRINT)), WRITTEN
    return words_from_code(key), _value(value)


def details_in_words(payload: dict) -> list[tuple[str, str]]:
    """Each detail as (name, value) in words, in the order of its keys."""
    return [_detail(key, value) for key, value in sorted(payload.items())]
