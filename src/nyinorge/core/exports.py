"""Every CSV and Excel file the platform writes, audited: one entry naming every person in the file.

This module is the only place that writes CSV or XLSX (a test scans the source for any other writer), so
the neutralising below covers every download: list exports (`export_response`) and the big audit-log
export, streamed row by row (`export_streaming_csv`).

Formula injection (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection; CWE-1236;
ASVS 1.2.10): a spreadsheet runs a cell that starts with = + - or @ as a formula, so a name typed as
"=HYPERLINK(...)" would run when an administrator opens the file. OWASP lists = + - @, tab (0x09),
carriage return (0x0D) and line feed (0x0A); ASVS adds the null character. We also take | and % (older
DDE and Lotus-style inputs; no real value here starts with them) and look past leading whitespace and
invisible control characters, since some importers trim those before deciding ("  =1+1"). Such a text gets
a leading apostrophe, which spreadsheets read as "this is text". OWASP also warns that a separator or
quote inside a value can start a new cell whose first character is a trigger: every CSV field is
therefore quoted (so a ";" inside a value does not split it when Norwegian Excel reads ";" as the
separator), and the csv module doubles quotes. Real numbers stay numbers (a negative number is data).

Excel files: openpyxl stores any string that starts with "=" as a formula; after neutralising no string
can, and every text cell is written as an explicit string. Characters XML cannot hold (control characters)
are dropped from XLSX cells instead of failing the download.
"""

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record

ExportFormat = Literal["csv", "xlsx"]
EXPORT_FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "|", "%")
MAX_COLUMN_WIDTH = 60
# Excel reads ";" as the separator in Norwegian settings; quoting every field keeps a value one cell either way.
CSV_DIALECT = {"quoting": csv.QUOTE_ALL}
# Excel reads the file as UTF-8 only with the byte-order mark, so æ, ø and å survive.
CSV_BOM = "\ufeff"


def _invisible_or_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def neutralise_formula(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would take for a formula (also after leading blanks)."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    start = 0
    while start < len(value) and _invisible_or_space(value[start]):
        start += 1
    return "'" + value if value[start:].startswith(FORMULA_TRIGGERS) else value


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
    writer = csv.writer(buffer, **CSV_DIALECT)
    writer.writerow([neutralise_formula(str(label)) for _key, label in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key), keep_dates=False) for key, _label in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_text(value: Any) -> Any:
    # XML cannot hold most control characters; openpyxl would raise (a 500) rather than drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx_content(rows: list[dict], columns: list[tuple[str, str]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([_xlsx_text(neutralise_formula(str(label))) for _key, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(label)) for _key, label in columns]
    for row in rows:
        values = [_xlsx_text(_cell(row.get(key), keep_dates=True)) for key, _label in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], 10 if isinstance(value, datetime.date) else len(str(value)))
    for index, (key, _label) in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = min(widths[index] + 2, MAX_COLUMN_WIDTH)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever openpyxl guessed
            elif isinstance(cell.value, datetime.datetime):
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


class _Echo:
    """A file that hands back what is written to it, so the csv module can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def export_streaming_csv(
    *,
    actor: User,
    header: list[str],
    rows: Iterable[Iterable[Any]],
    filename_stem: str,
    object_type: str,
    detail: str,
    person_ids: Iterable[int] = (),
) -> StreamingHttpResponse:
    """Rows too many to hold in memory (the audit log) as a streamed CSV download, with one EXPORT audit entry
    naming every person the rows show."""
    audit_record(actor=actor, action=AuditEntry.Action.EXPORT, object_type=object_type, detail=detail,
                 person_ids=person_ids)
    writer = csv.writer(_Echo(), **CSV_DIALECT)

    def lines() -> Iterator[str]:
        yield CSV_BOM
        yield writer.writerow([neutralise_formula(str(label)) for label in header])
        for row in rows:
            yield writer.writerow([_cell(value, keep_dates=False) for value in row])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"{slugify(filename_stem) or 'export'}-{stamp}.csv"
    return StreamingHttpResponse(lines(), content_type=EXPORT_FORMATS["csv"],
                                 headers={"Content-Disposition": content_disposition_header(True, filename)})
