"""`nyinorge kpis --year Y --format json|table`: the settlement KPIs, competence mapping (SP9, keys `sp9_…`) and the
application-based schemes' SP11.1 and SP11.2, in a table beside the annual report's figures."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from nyinorge.statistics.competence_kpis import (
    COMPETENCE_KPI_KEYS,
    COMPETENCE_KPI_LABELS,
    competence_kpis_compute,
    competence_report_figure,
)
from nyinorge.statistics.kpis import KPI_KEYS, KPI_LABELS, kpis_compute, report_figures
from nyinorge.statistics.scheme_tables import SCHEME_KPI_KEYS, SCHEME_KPI_LABELS, scheme_kpis_compute


def _shown(value: float | int | None) -> str:
    return "–" if value is None else f"{value:g}"


class Command(BaseCommand):
    help = "Compute the settlement KPIs of a year; the table shows the annual report's figure and the difference."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, year: int, format: str, **options):
        kpis = kpis_compute(year=year) | competence_kpis_compute(year=year) | scheme_kpis_compute(year=year)
        keys = (*KPI_KEYS, *COMPETENCE_KPI_KEYS, *SCHEME_KPI_KEYS)
        labels = KPI_LABELS | COMPETENCE_KPI_LABELS | SCHEME_KPI_LABELS
        if format == "json":
            self.stdout.write(json.dumps(kpis, ensure_ascii=False))
            return
        figures = report_figures()
        with translation.override("en"):
            rows = [(key, str(labels[key]), kpis[key], competence_report_figure(figures, key, year)) for key in keys]
        width = max(len(key) for key in keys)
        self.stdout.write(f"{'KPI ' + str(year):<{width}}  {'computed':>9}  {'report':>9}  {'difference':>10}")
        for key, _label, value, report in rows:
            difference = "" if value is None or report is None else f"{value - report:+.4g}"
            self.stdout.write(f"{key:<{width}}  {_shown(value):>9}  {_shown(report):>9}  {difference:>10}")
