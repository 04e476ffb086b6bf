"""Bar charts drawn on the server as SVG: no script, nothing for the Content-Security-Policy to allow,
and each chart is paired with a table of the same figures for screen readers."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 210, 520
LABEL_CHARACTERS = 30
# Late work is drawn red whatever its place in the chart, and is labelled so in words beside its bar.
LATE_COLOUR, LATE_LABELS = "#b02a37", frozenset({"Overdue"})
PALETTE = ["#1f5fa8", "#2e7d32", "#b26a00", "#8e244d", "#4a5a6a", "#00695c", "#6a3d9a", "#a33c00", "#34495e"]
_BAR_SVG = (
    '<text x="0" y="{text_y}" font-size="13" fill="#212529">{label}</text>'
    '<rect x="{label_width}" y="{y}" width="{width}" height="{height}" fill="{colour}" />'
    '<text x="{value_x}" y="{text_y}" font-size="13" fill="#212529">{value}</text>'
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    colour: str

    def svg(self) -> SafeString:
        # Coordinates to a tenth, formatted here: format_html escapes its arguments to text first.
        return format_html(
            _BAR_SVG,
            text_y=self.y + BAR_HEIGHT - 6,
            label=Truncator(self.label).chars(LABEL_CHARACTERS),
            label_width=LABEL_WIDTH,
            y=self.y,
            width=f"{self.width:.1f}",
            height=BAR_HEIGHT,
            colour=self.colour,
            value_x=f"{LABEL_WIDTH + self.width + 6:.1f}",
            value=self.value,
        )


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP)

    width = CHART_WIDTH + LABEL_WIDTH + 60

    @property
    def svg_bars(self) -> SafeString:
        """The bars drawn here: node by node in the template they took nearly half of the charts' rendering."""
        return format_html_join("", "{}", ((bar.svg(),) for bar in self.bars))


def _colour(label: str, index: int) -> str:
    return LATE_COLOUR if label in LATE_LABELS else PALETTE[index % len(PALETTE)]


def bar_chart(slug: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    largest = max((value for _, value in rows), default=0) or 1
    bars = [
        Bar(str(label), value, index * (BAR_HEIGHT + GAP), CHART_WIDTH * value / largest, _colour(str(label), index))
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(slug, title, bars)
