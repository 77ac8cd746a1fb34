"""`nyinorge synth --year 2019 --seed 1 [--scale 1.0]` or `--years 2015-2019`: synthetic settlement years, and the
national interpreter register (about 2,100 interpreters in 69 languages at scale 1; `--no-interpreters` to skip)."""

import time

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nyinorge.statistics.kpis import report_figures
from nyinorge.synthetic.interpreters import register_synth
from nyinorge.synthetic.outcomes import synth_outcomes
from nyinorge.synthetic.plan import COMPOSITION_2019
from nyinorge.synthetic.register import synth_register_year
from nyinorge.synthetic.services import _directorate_user, _People, synth_year


def _years(value: str) -> list[int]:
    try:
        first, _dash, last = value.partition("-")
        years = list(range(int(first), int(last or first) + 1))
    except ValueError:
        raise CommandError(f"--years must look like 2015-2019, not {value!r}") from None
    if not years:
        raise CommandError(f"--years {value} names no year")
    return years


def base_for(year: int) -> dict[str, int]:
    """2019's composition scaled to the year's Tabell 3-1 totals, so settled_total, minors, resettlement and the
    31 December count are the year's; the rest keeps 2019's proportions."""
    figures = report_figures()
    total = figures.get(("settled_total", year))
    if total is None:
        return dict(COMPOSITION_2019)
    c19 = COMPOSITION_2019
    factor = total / c19["settled_total"]
    base = {key: round(value * factor) for key, value in c19.items()}
    minors = int(figures.get(("unaccompanied_minors_settled", year), base["unaccompanied_minors"]))
    # Everyone but the minors keeps 2019's split; other adults take the rounding, so the total is the report's.
    rest = (total - minors) / (c19["settled_total"] - c19["unaccompanied_minors"])
    for key in ("families", "children", "persons_in_families", "shielded"):
        base[key] = round(c19[key] * rest)
    base["other_adults"] = int(total) - minors - base["persons_in_families"] - base["shielded"]
    base["unaccompanied_minors"] = minors
    base["minors_by_child_welfare"] = round(c19["minors_by_child_welfare"] * minors / c19["unaccompanied_minors"])
    base["resettlement"] = int(figures.get(("settled_resettlement_refugees", year), base["resettlement"]))
    base["waiting_dec31"] = int(figures.get(("waiting_in_reception_dec31", year), base["waiting_dec31"]))
    base["waiting_over_12_months_dec31"] = round(
        c19["waiting_over_12_months_dec31"] * base["waiting_dec31"] / c19["waiting_dec31"])
    base["municipalities_requested"] = min(356, base["municipalities_requested"])
    base["municipalities_agreed"] = min(base["municipalities_requested"], base["municipalities_agreed"])
    return base


class Command(BaseCommand):
    help = "Fill the database with synthetic settlement years calibrated to the 2019 annual report."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--year", type=int)
        group.add_argument("--years", help="a range such as 2015-2019")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--register", action="store_true",
                            help="Also fill the introduction register (cohorts of the three years before, calibrated "
                                 "to the report; about 50,000 persons at scale 1) and former participants' status "
                                 "in work and education (SP8).")
        parser.add_argument("--no-interpreters", action="store_true", help="leave the interpreter register out")

    def handle(self, *args, year=None, years=None, seed=1, scale=1.0, register=False, no_interpreters=False,
               **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10")
        for one in [year] if year else _years(years):
            started = time.monotonic()
            with Progress(TextColumn(f"synth {one}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          disable=options.get("verbosity", 1) == 0) as progress:
                task = progress.add_task("cases", total=None)
                try:
                    result = synth_year(year=one, seed=seed, scale=scale, base=base_for(one),
                                        progress=lambda done, total: progress.update(task, completed=done, total=total))
                except ValueError as error:
                    raise CommandError(str(error)) from None
            if result.created:
                self.stdout.write(f"{one}: {result.cases} cases, {result.persons} persons in {time.monotonic() - started:.1f} s")
            else:
                self.stdout.write(f"{one}: already there, left as it is")
            if register:
                started = time.monotonic()
                loaded = synth_register_year(year=one, seed=seed, scale=scale, actor=_directorate_user(),
                                             people_factory=_People)
                if loaded.created:
                    self.stdout.write(f"{one}: introduction register, {loaded.persons} persons, {loaded.records} "
                                      f"records in {time.monotonic() - started:.1f} s")
                # Idempotent on its own, so a register loaded before outcomes existed gets them too.
                outcomes = synth_outcomes(year=one, seed=seed, actor=_directorate_user())
                if outcomes.statuses:
                    self.stdout.write(f"{one}: {outcomes.statuses} statuses after the programme in "
                                      f"{outcomes.deliveries} deliveries (SP8)")
        if not no_interpreters:
            started = time.monotonic()
            interpreters = register_synth(seed=seed, scale=scale)
            if interpreters is None:
                self.stdout.write("interpreter register: already there, left as it is")
            else:
                self.stdout.write(f"interpreter register: {interpreters} interpreters in {time.monotonic() - started:.1f} s")
