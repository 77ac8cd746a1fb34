"""The rates of the data file, so a new database (and every test database) has them; later edits of the file
are loaded with `nyinorge load_grant_rates`."""

from django.db import migrations


def load(apps, schema_editor):
    from nyinorge.grants.services.rates import grant_rates_load

    grant_rates_load(model=apps.get_model("grants", "GrantRate"))


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
