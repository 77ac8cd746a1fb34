"""The rates of the data file, so a new database (and every test database) has them; later edits of the file
are loaded with `nyinorge load_grant_rates`."""

from django.db import migrations


def load(apps, schema_editor):
    import csv
    from decimal import Decimal

    from nyinorge.grants.services.rates import RATES_FILE

    GrantRate = apps.get_model("grants", "GrantRate")
    with RATES_FILE.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            GrantRate.objects.update_or_create(
                budget_year=int(row["budget_year"]), scheme=row["scheme"], rate_group=row["rate_group"],
                year_after_settlement=int(row["year_after_settlement"] or 0),
                defaults={"amount": Decimal(row["amount_nok"]), "unit": row["unit"], "source": row["source"][:500],
                          "assumed": row["assumed"].strip().lower() == "yes"})


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
