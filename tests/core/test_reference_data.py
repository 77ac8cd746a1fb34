import csv

import pytest

from nyinorge.core.models import County, Municipality, Organisation
from nyinorge.core.services.reference import DATA_DIR, reference_data_load

pytestmark = pytest.mark.django_db


def test_the_2020_municipalities_and_counties_are_loaded():
    assert County.objects.count() == 11
    assert Municipality.objects.count() == 356
    assert all(m.number.startswith(m.county_id) for m in Municipality.objects.all())
    assert Municipality.objects.get(number="0301").name == "Oslo"
    assert Municipality.objects.get(number="4601").county.name == "Vestland"


def test_every_municipality_and_county_has_one_organisation_and_there_is_one_directorate():
    assert Organisation.objects.filter(kind="municipality").count() == 356
    assert Organisation.objects.filter(kind="county").count() == 11
    assert Organisation.objects.filter(kind="directorate").count() == 1


def test_loading_again_changes_nothing():
    before = (County.objects.count(), Municipality.objects.count(), Organisation.objects.count())
    counts = reference_data_load()
    assert (counts.counties, counts.municipalities, counts.organisations) == before


def test_the_data_folder_states_its_source():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "Kartverket" in readme
    with (DATA_DIR / "municipalities-2020.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 356


def test_a_bad_municipality_row_is_reported_with_its_line(tmp_path):
    (tmp_path / "counties-2020.csv").write_text("county_number,name\n03,Oslo\n", encoding="utf-8")
    (tmp_path / "municipalities-2020.csv").write_text(
        "municipality_number,name,county_number,county_name,centroid_lat,centroid_lon,area_km2\n"
        "0301,Oslo,03,Oslo,59.9,10.7,450\n1101,Eigersund,03,Oslo,58.5,6.1,429\n",
        encoding="utf-8",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="line 3"):
        reference_data_load(data_dir=tmp_path)
