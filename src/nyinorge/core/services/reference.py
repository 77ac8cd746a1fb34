"""Loading the reference data: counties, municipalities and their organisations, the directorate."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from nyinorge.core.models import County, Municipality, Organisation

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DIRECTORATE_NAME = "Integrerings- og mangfoldsdirektoratet (IMDi)"


@dataclass(frozen=True)
class ReferenceDataCounts:
    counties: int
    municipalities: int
    organisations: int


def _read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(required) - set(reader.fieldnames or [])
        if missing:
            raise ValidationError(f"{path.name}: missing columns {sorted(missing)}")
        return list(reader)


def reference_data_load(*, data_dir: Path = DATA_DIR) -> ReferenceDataCounts:
    """Create or update counties, municipalities, one organisation each, and the directorate (idempotent)."""
    counties = _read_csv(data_dir / "counties-2020.csv", ["county_number", "name"])
    municipalities = _read_csv(
        data_dir / "municipalities-2020.csv", ["municipality_number", "name", "county_number", "centroid_lat", "centroid_lon", "area_km2"]
    )
    county_numbers = {row["county_number"] for row in counties}
    bad = [
        f"line {line}: {row['municipality_number']!r}"
        for line, row in enumerate(municipalities, start=2)
        if len(row["municipality_number"]) != 4
        or not row["municipality_number"].isdigit()
        or row["county_number"] not in county_numbers
        or not row["municipality_number"].startswith(row["county_number"])
    ]
    if bad:
        raise ValidationError(f"municipalities-2020.csv has invalid rows: {', '.join(bad[:20])}")
    with transaction.atomic():
        for row in counties:
            county, _ = County.objects.update_or_create(number=row["county_number"], defaults={"name": row["name"]})
            Organisation.objects.update_or_create(
                kind=Organisation.Kind.COUNTY, county=county, defaults={"name": f"{row['name']} fylkeskommune"}
            )
        for row in municipalities:
            municipality, _ = Municipality.objects.update_or_create(
                number=row["municipality_number"],
                defaults={
                    "name": row["name"],
                    "county_id": row["county_number"],
                    "centroid_lat": float(row["centroid_lat"]) if row["centroid_lat"] else None,
                    "centroid_lon": float(row["centroid_lon"]) if row["centroid_lon"] else None,
                    "area_km2": float(row["area_km2"]) if row["area_km2"] else None,
                },
            )
            Organisation.objects.update_or_create(
                kind=Organisation.Kind.MUNICIPALITY,
                municipality=municipality,
                defaults={"name": f"{row['name']} kommune"},
            )
        Organisation.objects.get_or_create(kind=Organisation.Kind.DIRECTORATE, defaults={"name": DIRECTORATE_NAME})
    return ReferenceDataCounts(
        counties=County.objects.count(),
        municipalities=Municipality.objects.count(),
        organisations=Organisation.objects.count(),
    )


def directorate() -> Organisation:
    """The directorate's organisation (created by the reference data)."""
    return Organisation.objects.get(kind=Organisation.Kind.DIRECTORATE)
