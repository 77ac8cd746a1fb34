"""The statistics page as a PDF report (WeasyPrint), charts embedded, nothing fetched from outside."""

import base64

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from nyinorge.statistics.figures import FIGURES, figure_svg
from nyinorge.statistics.tables import StatisticsTables


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_pdf(*, tables: StatisticsTables, context: dict) -> bytes:
    """The year's tables, charts and definitions as PDF bytes."""
    charts = [{"figure": figure, "src": _data_uri(figure_svg(figure=figure, tables=tables))} for figure in FIGURES.values()]
    html = render_to_string("statistics/report.html", {**context, "tables": tables, "charts": charts})
    # Only the embedded data: URIs: the report never reads files or the network.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
