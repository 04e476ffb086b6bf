"""Board-ready PDFs: the site compliance report, and one site's full file for a records request."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()
TABLE_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#123a6b")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f8")]),
    ]
)


def _cell(value) -> Paragraph:
    return Paragraph(escape("" if value is None else str(value)), STYLES["BodyText"])


def _table(header: list[str], rows: list[list]) -> Table:
    table = Table([header, *[[_cell(value) for value in row] for row in rows]], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def render(
    title: str, subtitle: str, sections: list[tuple[str, list[str], list[list]]], *, wide: bool = False
) -> bytes:
    """A PDF of titled tables: `sections` is a list of (heading, header, rows)."""
    buffer = BytesIO()
    size = landscape(letter) if wide else letter
    document = SimpleDocTemplate(buffer, pagesize=size, title=title, leftMargin=0.6 * inch, rightMargin=0.6 * inch)
    story = [Paragraph(escape(title), STYLES["Title"]), Paragraph(escape(subtitle), STYLES["Normal"])]
    for heading, header, rows in sections:
        story += [Spacer(1, 12), Paragraph(escape(heading), STYLES["Heading2"])]
        story.append(_table(header, rows) if rows else Paragraph("None.", STYLES["BodyText"]))
    document.build(story)
    return buffer.getvalue()
