"""Charts drawn on the server as inline SVG: lines over days, stacked bars, and a small actor network.

Every label passes through `escape`; styling comes from classes in static/style.css and from SVG
presentation attributes (no inline `style`, which the Content-Security-Policy forbids).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Quad classes: blues for cooperation (verbal light, material dark), oranges/reds for conflict.
QUAD_COLOURS = ("#9ecae1", "#3182bd", "#fdae6b", "#d62728")
QUAD_LABELS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")

# Margins in px: room for y labels on the left and date labels below.
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 12, 26


@dataclass
class Line:
    """A series to draw: (day, value or None for no value) points, with a legend label and an optional link."""

    label: str
    points: Sequence[tuple[dt.date, float | None]]
    href: str | None = None


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg_open(width: int, height: int, label: str, css: str) -> str:
    return (
        f'<svg class="chart {css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )


def nice_ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering lo..hi, about `count` of them (whole numbers only for counts)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count - 1, 1)
    if integer:
        raw = max(raw, 1.0)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    ticks, t = [], first
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _date_ticks(d0: dt.date, d1: dt.date, count: int = 6) -> list[dt.date]:
    span = (d1 - d0).days
    if span <= 0:
        return [d0]
    step = max(1, math.ceil(span / (count - 1)))
    return [d0 + dt.timedelta(days=i) for i in range(0, span + 1, step)]


class _Frame:
    """The plot area: maps days and values to pixels and draws the axes."""

    def __init__(self, width: int, height: int, d0: dt.date, d1: dt.date, y0: float, y1: float,
                 band: bool = False, integer: bool = False) -> None:
        self.width, self.height, self.d0, self.d1, self.y0, self.y1 = width, height, d0, d1, y0, y1
        self.pw, self.ph = width - LEFT - RIGHT, height - TOP - BOTTOM
        self.days = max((d1 - d0).days, 0)
        self.band, self.integer = band, integer  # band: each day is a slot (bars), not a point

    @property
    def slot(self) -> float:
        """The width of one day's slot in band mode."""
        return self.pw / (self.days + 1)

    def x(self, day: dt.date) -> float:
        if self.band:
            return LEFT + self.slot * ((day - self.d0).days + 0.5)
        if self.days == 0:
            return LEFT + self.pw / 2
        return LEFT + self.pw * (day - self.d0).days / self.days

    def y(self, value: float) -> float:
        return TOP + self.ph * (1 - (value - self.y0) / (self.y1 - self.y0))

    def axes(self, y_label: str, zero_line: bool) -> list[str]:
        parts = [f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{self.pw}" height="{self.ph}" fill="none"/>']
        for t in nice_ticks(self.y0, self.y1, integer=self.integer):
            y = self.y(t)
            parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + self.pw}" y1="{y:.1f}" y2="{y:.1f}"/>')
            parts.append(f'<text class="tick" x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{_num(t)}</text>')
        if zero_line and self.y0 < 0 < self.y1:
            y = self.y(0)
            parts.append(f'<line class="zero" x1="{LEFT}" x2="{LEFT + self.pw}" y1="{y:.1f}" y2="{y:.1f}"/>')
        for d in _date_ticks(self.d0, self.d1):
            x = self.x(d)
            parts.append(f'<text class="tick" x="{x:.1f}" y="{self.height - 8}" text-anchor="middle">{d.isoformat()}</text>')
        parts.append(
            f'<text class="axis-label" x="10" y="{TOP + self.ph / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 10 {TOP + self.ph / 2:.1f})">{escape(y_label)}</text>'
        )
        return parts


def line_chart(
    lines: Sequence[Line],
    *,
    label: str,
    y_label: str,
    y_range: tuple[float, float] | None = None,
    width: int = 760,
    height: int = 240,
    point_href: str | None = None,
    integer: bool = False,
) -> Markup:
    """Lines over days; a None value breaks the line (a faint dashed line bridges the gap).

    `point_href` (with `{date}`) links each point; `integer` keeps the y ticks whole (counts).
    """
    days = [d for line in lines for d, _ in line.points]
    values = [v for line in lines for _, v in line.points if v is not None]
    if not days:
        return Markup(_svg_open(width, 60, label, "empty") + f'<text x="{width / 2}" y="34" text-anchor="middle">no data</text></svg>')
    if y_range is None:
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        ticks = nice_ticks(min(lo, 0.0), hi if hi > lo else lo + 1, integer=integer)
        y_range = (ticks[0], max(ticks[-1], hi) if ticks[-1] > ticks[0] else ticks[0] + 1)
    frame = _Frame(width, height, min(days), max(days), *y_range, integer=integer)
    parts = [_svg_open(width, height, label, "line-chart"), *frame.axes(y_label, zero_line=True)]
    for i, line in enumerate(lines):
        colour = PALETTE[i % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for d, v in line.points:
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{frame.x(d):.1f},{frame.y(v):.1f}")
        if segment:
            segments.append(segment)
        if len(segments) > 1:
            bridge = " ".join(p for seg in segments for p in seg)
            parts.append(f'<polyline class="series-gap" fill="none" stroke="{colour}" points="{bridge}"/>')
        for seg in segments:
            if len(seg) > 1:
                parts.append(f'<polyline class="series" data-series="{i}" fill="none" stroke="{colour}" points="{" ".join(seg)}"/>')
        for d, v in line.points:
            if v is None:
                continue
            dot = (
                f'<circle class="point" cx="{frame.x(d):.1f}" cy="{frame.y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(line.label)} {d.isoformat()}: {_num(v)}</title></circle>"
            )
            if point_href:
                dot = f'<a href="{escape(point_href.format(date=d.isoformat()))}">{dot}</a>'
            parts.append(dot)
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(
    days: Sequence[dt.date],
    stacks: Sequence[tuple[str, str, Sequence[int]]],
    *,
    label: str,
    y_label: str,
    width: int = 760,
    height: int = 160,
) -> Markup:
    """One bar per day made of stacked counts; each stack is (name, colour, counts per day)."""
    if not days:
        return Markup(_svg_open(width, 60, label, "empty") + f'<text x="{width / 2}" y="34" text-anchor="middle">no data</text></svg>')
    totals = [sum(s[2][i] for s in stacks) for i in range(len(days))]
    top = nice_ticks(0, max(max(totals), 1), integer=True)[-1]
    top = top if top >= max(totals) else max(totals)
    frame = _Frame(width, height, days[0], days[-1], 0, top, band=True, integer=True)
    bar = max(1.0, frame.slot * 0.8)  # a fifth of each slot is the gap between bars
    parts = [_svg_open(width, height, label, "bar-chart"), *frame.axes(y_label, zero_line=False)]
    for i, day in enumerate(days):
        base = 0
        for name, colour, counts in stacks:
            n = counts[i]
            if not n:
                continue
            y_top, y_bottom = frame.y(base + n), frame.y(base)
            parts.append(
                f'<rect class="bar" x="{frame.x(day) - bar / 2:.1f}" y="{y_top:.1f}" width="{bar:.1f}" '
                f'height="{y_bottom - y_top:.1f}" fill="{colour}"><title>{day.isoformat()} {escape(name)}: {n}</title></rect>'
            )
            base += n
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass
class Edge:
    """A partner in the network view: events out (centre acts on it) and in, and the mean Goldstein score."""

    label: str
    out_events: int
    in_events: int
    goldstein_mean: float
    href: str | None = None


def _goldstein_colour(g: float) -> str:
    """Red for conflict, grey near zero, blue for cooperation (Goldstein -10..10)."""
    if g <= -1:
        return QUAD_COLOURS[3]
    if g >= 1:
        return QUAD_COLOURS[1]
    return "#888888"


def network(centre: str, edges: Sequence[Edge], *, label: str, size: int = 420) -> Markup:
    """The actor in the middle and its partners on a circle; arrows show direction, width the count."""
    if not edges:
        return Markup(_svg_open(size, 60, label, "empty") + f'<text x="{size / 2}" y="34" text-anchor="middle">no partners</text></svg>')
    c = size / 2
    radius = size / 2 - 70  # leaves room for the partners' names outside the circle
    most = max(e.out_events + e.in_events for e in edges)
    parts = [
        _svg_open(size, size, label, "network"),
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for i, edge in enumerate(edges):
        angle = 2 * math.pi * i / len(edges) - math.pi / 2
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        # the line stops short of both circles so the arrowheads stay visible
        x1, y1 = c + 14 * math.cos(angle), c + 14 * math.sin(angle)
        x2, y2 = c + (radius - 9) * math.cos(angle), c + (radius - 9) * math.sin(angle)
        n = edge.out_events + edge.in_events
        stroke = 1 + 5 * n / most
        ends = ""
        if edge.out_events:
            ends += ' marker-end="url(#arrow)"'
        if edge.in_events:
            ends += ' marker-start="url(#arrow)"'
        colour = _goldstein_colour(edge.goldstein_mean)
        parts.append(
            f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{stroke:.1f}"{ends}>'
            f"<title>{escape(edge.label)}: {edge.out_events} out, {edge.in_events} in, mean Goldstein {_num(edge.goldstein_mean)}</title></line>"
        )
        lx, ly = c + (radius + 12) * math.cos(angle), c + (radius + 12) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.3 else ("end" if math.cos(angle) < -0.3 else "middle")
        node = (
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
            f'<text class="node-label" x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">{escape(edge.label)}</text>'
        )
        if edge.href:
            node = f'<a href="{escape(edge.href)}">{node}</a>'
        parts.append(node)
    parts.append(f'<circle class="node centre" cx="{c}" cy="{c}" r="10" fill="#222"/>')
    parts.append(f'<text class="node-label centre" x="{c}" y="{c + 26}" text-anchor="middle">{escape(centre)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
