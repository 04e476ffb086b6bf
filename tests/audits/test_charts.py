from audits.charts import CHART_WIDTH, bar_chart


def test_bars_are_drawn_to_scale_with_their_labels_and_values():
    chart = bar_chart("requests", "Requests by status", [("Approved", 30), ("Denied", 15)])

    svg = chart.svg_bars

    assert svg.count("<rect ") == 2
    assert f'width="{CHART_WIDTH:.1f}"' in svg and f'width="{CHART_WIDTH / 2:.1f}"' in svg
    assert ">Approved</text>" in svg and ">30</text>" in svg and ">15</text>" in svg


def test_a_label_is_escaped_and_shortened_to_fit():
    chart = bar_chart("schools", "By school", [('<b>"Lincoln"</b> Elementary & Middle School of the Arts', 1)])

    svg = chart.svg_bars

    assert "<b>" not in svg
    assert "&lt;b&gt;&quot;Lincoln&quot;&lt;/b&gt; Elementary &amp;…</text>" in svg


def test_a_chart_of_nothing_draws_no_bars_yet_keeps_a_height():
    chart = bar_chart("violations", "Violation reports", [])

    assert chart.svg_bars == "" and chart.height > 0
