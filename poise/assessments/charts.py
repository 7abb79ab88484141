"""Server-rendered SVG charts: a scale's totals over time, its severity bands shaded, and the
medication starts, dose changes and stops on the same time axis. No script; CSP-safe (SVG
presentation attributes, no style attributes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from poise.clinical.instruments import Instrument

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 64
BAND_FILLS = ("#eef6ee", "#f7f5e6", "#fbefdf", "#f9e4dc", "#f4d9d9")


@dataclass(frozen=True)
class Event:
    on: date
    label: str


def score_chart(
    *, instrument: Instrument, points: list[tuple[date, int]], events: list[Event]
) -> str:
    if not points:
        return ""
    most = sum(max(score for _, score, _ in item.options) for item in instrument.items)
    dates = [on for on, _ in points] + [e.on for e in events]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(on: date) -> float:
        return LEFT + plot_w * (on - first).days / span

    def y(total: float) -> float:
        return TOP + plot_h * (1 - total / most)

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'aria-labelledby="chart-title"><title id="chart-title">{escape(instrument.name)} '
        f"totals from {first:%Y-%m-%d} to {last:%Y-%m-%d}</title>"
    ]
    bands = list(instrument.bands)
    for index, (lowest, name) in enumerate(bands):
        upper = bands[index + 1][0] if index + 1 < len(bands) else most + 1
        top, bottom = y(min(upper, most + 1) - 0.5), y(max(lowest - 0.5, 0))
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}" '
            f'fill="{BAND_FILLS[index % len(BAND_FILLS)]}"><title>{escape(name)}</title></rect>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT - 4}" y="{bottom - 4:.1f}" text-anchor="end" '
            f'font-size="10" fill="#4a5468">{escape(name)}</text>'
        )
    for tick in range(0, most + 1, max(most // 4, 1)):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#4a5468">{tick}</text>'
        )
    for number, event in enumerate(events):
        ex = x(event.on)
        parts.append(
            f'<line x1="{ex:.1f}" y1="{TOP}" x2="{ex:.1f}" y2="{TOP + plot_h}" '
            'stroke="#1f5fa8" stroke-dasharray="4 3" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{ex:.1f}" y="{TOP + plot_h + 14 + 12 * (number % 3)}" '
            f'font-size="10" text-anchor="middle" fill="#1f5fa8">{escape(event.label)}'
            "</text>"
        )
    line = " ".join(f"{x(on):.1f},{y(total):.1f}" for on, total in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#1d2433" stroke-width="2"/>')
    for on, total in points:
        parts.append(
            f'<circle cx="{x(on):.1f}" cy="{y(total):.1f}" r="4" fill="#1d2433">'
            f"<title>{on:%Y-%m-%d}: {total}</title></circle>"
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="11" fill="#4a5468">{first:%Y-%m-%d}</text>'
    )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" font-size="11" text-anchor="end" '
        f'fill="#4a5468">{last:%Y-%m-%d}</text></svg>'
    )
    return "".join(parts)
