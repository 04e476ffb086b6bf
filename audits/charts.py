"""Bar charts drawn on the server as SVG: no script, nothing for the Content-Security-Policy to allow,
and each chart is paired with a table of the same figures for screen readers."""

from dataclasses import dataclass

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 210, 520
PALETTE = ["#1f5fa8", "#2e7d32", "#b26a00", "#8e244d", "#4a5a6a", "#00695c", "#6a3d9a", "#a33c00", "#34495e"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    colour: str

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6

    @property
    def drawn_width(self) -> str:
        """SVG coordinates to a tenth, formatted here: `floatformat` would cost more than the rest of a chart."""
        return f"{self.width:.1f}"

    @property
    def value_x(self) -> str:
        return f"{LABEL_WIDTH + self.width + 6:.1f}"


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * (BAR_HEIGHT + GAP)

    label_width = LABEL_WIDTH
    width = CHART_WIDTH + LABEL_WIDTH + 60
    bar_height = BAR_HEIGHT


def bar_chart(slug: str, title: str, rows: list[tuple[str, int]]) -> BarChart:
    largest = max((value for _, value in rows), default=0) or 1
    bars = [
        Bar(str(label), value, index * (BAR_HEIGHT + GAP), CHART_WIDTH * value / largest, PALETTE[index % len(PALETTE)])
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(slug, title, bars)
