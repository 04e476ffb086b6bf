"""The values a clumsy or hostile person types: random text and the boundaries that broke pages before."""

from hypothesis import strategies as st

BOUNDARIES = [
    "",
    " ",
    "x" * 10_000,
    "a\x00b",
    "\x01\x07\x1b[31m\x7f",
    "line one\r\nline two",
    "Bcc: someone@example.org\n",
    "²",
    "٣",
    "¹²³",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "2147483648",
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/2026",
    "2026-13-01",
    "on",
    "true",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "=1+1",
    "../../etc/passwd",
    "\ud7ff\ufeff\u202e",
    "😀" * 300,
]

# What broke a page before: each is tried on each query parameter a page reads.
SHARPEST = ["²", "9999-12-31", "0001-01-01", "x" * 10_000, "a\x00b", "-1"]

boundary = st.sampled_from(BOUNDARIES)
one_value = st.one_of(boundary, boundary, boundary, st.text(max_size=40), st.integers().map(str))

# A list where one value is expected: Django's QueryDict hands a view the last, a form field may take all.
value = st.one_of(one_value, st.lists(one_value, min_size=2, max_size=3))


@st.composite
def form(draw, fields: dict[str, list[str]]) -> dict:
    """The page's own values (defaults, options, hidden tokens) with one to three fields changed to anything and
    perhaps one left out, so that a change reaches past the form's other checks."""
    names = sorted(fields)
    if not names:
        return {}
    changed = draw(st.sets(st.sampled_from(names), min_size=1, max_size=3))
    missing = draw(st.sets(st.sampled_from(names), max_size=1))
    filled = {}
    for name in names:
        if name in missing:
            continue
        given = fields[name]
        filled[name] = draw(value if name in changed or not given else st.sampled_from(given))
    return filled


# Query parameters for a page whose view reads none (the crawl records what each view reads).
QUERY_NAMES = [
    "page", "before", "after", "school", "start", "end", "q", "status", "kind", "based_on", "district", "sort",
    "format", "show", "site", "role", "state", "username", "action", "target_type", "actor", "code", "error", "next",
    "overdue", "platform", "compliance", "problems",
]  # fmt: skip
