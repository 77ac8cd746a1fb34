"""Appending many rows whose ids nobody needs (audit entries, record versions) in one go."""

from collections.abc import Sequence

from django.db import connection, models
from psycopg.types.json import Jsonb


def rows_append(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """By COPY on PostgreSQL, which costs a fraction of bulk_create's per-row work for a whole batch; by bulk_create
    elsewhere (SQLite in `make run`). `columns` are attribute names (`user_id`), dicts go in as JSON."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row))) for row in rows])
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(fields[c].column) for c in columns)}) "
                 "FROM STDIN")
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(tuple(Jsonb(value) if isinstance(value, dict) else value for value in row))
