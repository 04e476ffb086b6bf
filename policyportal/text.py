"""Text people type that the portal reuses elsewhere: names end up in titles and email subjects."""

import unicodedata

from django.core.exceptions import ValidationError

ELLIPSIS = "…"


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs, NUL and the like (Unicode's Cc): no name needs one, and a subject may not hold one."""
    return any(unicodedata.category(character) == "Cc" for character in text)


def no_control_characters(text: str) -> None:
    """A form field's validator for a name: one line of printable text."""
    if has_control_characters(text):
        raise ValidationError("Use one line of text, without line breaks or tabs.", code="control_characters")


def single_line(text: str, limit: int) -> str:
    """`text` on one line (every run of whitespace or control characters becomes one space), cut to `limit`
    characters with an ellipsis: a title built from a long or multi-line name still fits and still mails."""
    words = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split()
    line = " ".join(words)
    return line if len(line) <= limit else line[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS
