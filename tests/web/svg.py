"""SVG geometry is never written through the locale: "130,5" is no coordinate
(the browser drops the element), so in French and Arabic every chart would
lose its dots, lines and gridlines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# attributes that take one number
SINGLE = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "width", "height", "refx", "refy", "markerwidth", "markerheight",
}  # fmt: skip
# attributes that take a list: numbers, "x,y" pairs, path letters, functions
LISTS = {"points", "d", "transform", "viewbox"}
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
TOKEN = re.compile(rf"^{NUMBER}(?:,{NUMBER})?$")


class _Svg(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.problems: list[str] = []
        self.checked = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.depth += 1
        if not self.depth:
            return
        for name, value in attrs:
            if value is None or (name not in SINGLE and name not in LISTS):
                continue
            self.checked += 1
            if name in SINGLE:
                ok = re.fullmatch(NUMBER, value.strip()) is not None
            else:
                tokens = re.sub(r"[A-Za-z()]+", " ", value).split()
                ok = all(TOKEN.match(t) for t in tokens)
            if not ok:
                self.problems.append(f'<{tag} {name}="{value}">')

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.depth:
            self.depth -= 1


def svg_number_problems(html: str) -> tuple[int, list[str]]:
    """(how many numeric SVG attributes were read, the malformed ones)."""
    parser = _Svg()
    parser.feed(html)
    return parser.checked, parser.problems


def assert_svg_unlocalised(html: str, *, at_least: int = 1) -> None:
    checked, problems = svg_number_problems(html)
    assert checked >= at_least, f"only {checked} numeric SVG attributes"
    assert not problems, problems[:5]


def assert_charts_accessible(html: str, *, count: int) -> None:
    """Each of ``count`` charts: an SVG with role="img", a non-empty <title> and
    <desc> it is labelled by, and its figures as a table in a <details>."""
    figures = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert len(figures) == count, f"{len(figures)} charts, expected {count}"
    for figure in figures:
        svg = re.search(r"<svg[^>]*>", figure)
        assert svg and 'role="img"' in svg[0], figure[:200]
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg[0])
        assert labelled, svg[0]
        for ref in labelled[1].split():
            assert re.search(rf'id="{ref}">[^<\s][^<]*</', figure), ref
        assert re.search(r"<details[^>]*>\s*<summary>", figure)
        table = re.search(r"<table.*?</table>", figure, re.S)
        assert table and table[0].count("<tr>") >= 2, "no data rows"
