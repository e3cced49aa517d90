"""Charts for the insights page, drawn on the server as SVG with pygal: nothing to fetch,
no script needed to read them. Each draws only the counts its table shows."""

from __future__ import annotations

import html
import re
import sys

import pygal
from markupsafe import Markup
from pygal.style import Style

from flows.insights.report import Table

# pygal adds an old-style import hook (for its map plugins, unused here) with no find_spec:
# Python warns at every import that gets as far as it, which under warnings-as-errors turns
# a missing optional module into a crash. Taken out again at once.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

# pygal adds a script (for tooltips) and per-point titles; the page runs no scripts, and a
# screen reader reads the chart's own title and description, then the table beside it.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_POINT_TEXT = re.compile(r"<(title|desc)\b[^>]*>.*?</\1>", re.DOTALL)
_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2a33",
    foreground_strong="#1d2a33",
    foreground_subtle="#5b6b75",
    colors=("#1f6f5c", "#2f5f8a", "#8a4b2f", "#5b4a8a", "#6b6b1f", "#8a2f5f", "#2f8a8a"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)


def chart(table: Table) -> Markup:
    """``table`` as an SVG bar chart, with a title and a description for screen readers."""
    many = len(table.columns) > 1
    kind = pygal.Bar if many else pygal.HorizontalBar
    drawing = kind(
        js=[],
        disable_xml_declaration=True,
        style=_STYLE,
        width=640,
        height=max(240, 60 + 34 * len(table.rows)) if not many else 360,
        show_legend=many,
        legend_at_bottom=True,
        print_values=not many,
        x_label_rotation=20 if many else 0,
        truncate_label=-1,
        show_y_guides=True,
    )
    drawing.x_labels = [_short(row) for row in table.rows]
    for col, column in enumerate(table.columns):
        values = [cell if isinstance(cell, int) else None for cell in _column(table, col)]
        drawing.add(column, values)
    # pygal writes labels through an XML serializer, which escapes them; ours are escaped.
    return Markup(_accessible(drawing.render(is_unicode=True), table))  # noqa: S704


def _short(label: str, most: int = 28) -> str:
    """A label short enough to leave the bars room; the table beside has it whole."""
    return label if len(label) <= most else label[: most - 3].rstrip() + "..."


def _column(table: Table, col: int) -> list[int | str]:
    return [row[col] for row in table.shown.cells]


def _accessible(svg: str, table: Table) -> str:
    """The SVG without script or per-point text, labelled by its own title and description."""
    svg = _POINT_TEXT.sub("", _SCRIPT.sub("", svg))
    key = html.escape(table.key)
    described = (
        f'<title id="chart-{key}-title">{html.escape(table.title)}</title>'
        f'<desc id="chart-{key}-desc">{html.escape(table.about)} The same numbers are in the'
        " table beside it; counts under 5 are not drawn.</desc>"
    )
    opening = svg.index(">") + 1
    head = svg[:opening].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="chart-{key}-title" aria-describedby="chart-{key}-desc" ',
        1,
    )
    return head + described + svg[opening:]
