"""Board-ready PDFs: the site compliance report, and one site's full file for a records request.

Printed from an HTML template by WeasyPrint as tagged PDF/UA, so a screen reader finds the language, the
title, the headings and each table's header cells.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import to_language
from weasyprint import HTML


def _language_tag() -> str:
    language, _, region = to_language(settings.LANGUAGE_CODE).partition("-")
    return f"{language}-{region.upper()}" if region else language


def _cell(value) -> dict:
    """A cell's text; a single token such as a clause id 'WH-D10' never wraps at its hyphen (an address may wrap
    at its slashes)."""
    text = "" if value is None else str(value)
    return {"text": text, "whole": not any(mark in text for mark in " /")}


def render(
    title: str, subtitle: str, sections: list[tuple[str, list[str], list[list]]], *, wide: bool = False
) -> bytes:
    """A PDF of titled tables: `sections` is a list of (heading, header, rows)."""
    context = {
        "title": title,
        "subtitle": subtitle,
        "language": _language_tag(),
        "wide": wide,
        "sections": [
            {"heading": heading, "header": header, "rows": [[_cell(value) for value in row] for row in rows]}
            for heading, header, rows in sections
        ],
    }
    html = render_to_string("audits/pdf/document.html", context)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, presentational_hints=True)
