"""The charts of a periodic report, drawn as PNG with matplotlib (Agg: no display needed)."""

import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot
from matplotlib.figure import Figure

from thanthien.reports.monthly import MonthPoint


def line_chart_png(title: str, points: list[MonthPoint], target: float | None = None) -> bytes:
    """Return a small line chart of a rate by month (0–100 %), with an optional target line."""
    figure: Figure = pyplot.figure(figsize=(6.4, 2.6), dpi=110)
    try:
        axes = figure.add_subplot()
        labels = [f"{point.month:%m/%Y}" for point in points]
        values = [float(point.value) if point.value is not None else float("nan") for point in points]
        positions = list(range(len(labels)))
        axes.plot(positions, values, marker="o", color="#1f5fa8")
        axes.set_xticks(positions, labels)
        if target is not None:
            axes.axhline(target, color="#c0392b", linestyle="--", linewidth=1)
        axes.set_ylim(0, 105)
        axes.set_title(title, fontsize=10, fontfamily="serif")
        axes.tick_params(axis="x", labelsize=7, rotation=45)
        axes.tick_params(axis="y", labelsize=7)
        axes.grid(alpha=0.3)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
