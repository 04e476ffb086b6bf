"""Documents printed for paper and for a records request: an HTML template printed by WeasyPrint as tagged
PDF/UA, so a screen reader finds the language, the title, the headings and each table's header cells.

Every document template extends `pdf/base.html` (page, type, tables that break no word). The reports print
titled tables with `tables`; an app with its own layout (the written permission) prints its template with
`print_template`.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import to_language
from weasyprint import HTML


def language_tag() -> str:
    """The portal's language as a PDF's /Lang wants it: 'en-US'."""
    language, _, region = to_language(settings.LANGUAGE_CODE).partition("-")
    return f"{language}-{region.upper()}" if region else language


def cell(value) -> dict:
    """A table cell's text; a single token such as a clause id 'WH-D10' never wraps at its hyphen (an address
    may wrap at its slashes)."""
    text = "" if value is None else str(value)
    return {"text": text, "whole": not any(mark in text for mark in " /")}


def print_template(template_name: str, context: dict) -> bytes:
    """The template, given the document's language, printed as tagged PDF/UA."""
    html = render_to_string(template_name, {**context, "language": language_tag()})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, presentational_hints=True)


def tables(
    title: str, subtitle: str, sections: list[tuple[str, list[str], list[list]]], *, wide: bool = False
) -> bytes:
    """A document of titled tables: `sections` is a list of (heading, header, rows); `wide` prints landscape."""
    context = {
        "title": title,
        "subtitle": subtitle,
        "wide": wide,
        "sections": [
            {"heading": heading, "header": header, "rows": [[cell(value) for value in row] for row in rows]}
            for heading, header, rows in sections
        ],
    }
    return print_template("pdf/tables.html", context)
