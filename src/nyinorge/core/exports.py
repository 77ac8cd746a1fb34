"""Exporting a list as CSV or Excel, audited: one entry naming every person in the file.

Cells that a spreadsheet would read as a formula (starting with = + - @, tab or carriage return)
get a leading apostrophe, so a name typed as "=HYPERLINK(...)" cannot run when the file is opened.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record

ExportFormat = Literal["csv", "xlsx"]
EXPORT_FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60


def neutralise_formula(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would take for a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _cell(value: Any, *, keep_dates: bool) -> Any:
    """One value as the file holds it: numbers stay numbers, dates real dates in Excel, the rest text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value if keep_dates else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value if keep_dates else value.isoformat()
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    return neutralise_formula(str(value))


def _csv_content(rows: list[dict], columns: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_formula(str(label)) for _key, label in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key), keep_dates=False) for key, _label in columns])
    # The byte-order mark makes Excel read the file as UTF-8, so æ, ø and å survive.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_content(rows: list[dict], columns: list[tuple[str, str]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([neutralise_formula(str(label)) for _key, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(label)) for _key, label in columns]
    for row in rows:
        values = [_cell(row.get(key), keep_dates=True) for key, _label in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], 10 if isinstance(value, datetime.date) else len(str(value)))
    for index, (key, _label) in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(widths[index] + 2, MAX_COLUMN_WIDTH)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_response(
    *,
    actor: User,
    rows: Iterable[dict],
    columns: list[tuple[str, str]],
    filename_stem: str,
    file_format: ExportFormat | str,
    object_type: str,
    persons: Iterable[Person],
) -> HttpResponse:
    """The rows as a CSV or XLSX download, with one EXPORT audit entry naming every person exported."""
    if file_format not in EXPORT_FORMATS:
        raise ValueError(_("Unknown export format “%(format)s”: choose csv or xlsx.") % {"format": file_format})
    rows = list(rows)
    stem = slugify(filename_stem) or "export"
    if file_format == "csv":
        content = _csv_content(rows, columns)
    else:
        content = _xlsx_content(rows, columns, title=stem[:31])
    people = list({person.pk: person for person in persons}.values())
    audit_record(actor=actor, action=AuditEntry.Action.EXPORT, object_type=object_type, persons=people,
                 detail=f"{file_format} export of {len(rows)} rows, {len(people)} persons")
    filename = f"{stem}-{timezone.localdate().isoformat()}.{file_format}"
    return HttpResponse(content, content_type=EXPORT_FORMATS[file_format],
                        headers={"Content-Disposition": content_disposition_header(True, filename)})
