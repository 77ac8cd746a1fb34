import csv
import datetime
import io
import pathlib
import re

import openpyxl
import pytest
from django.utils import translation

from nyinorge.core.exports import export_response
from nyinorge.core.models import AuditEntry

pytestmark = pytest.mark.django_db

COLUMNS = [("number", "Case number"), ("name", "Name"), ("decided", "Decision date"), ("months", "Waiting months"),
           ("flag", "Special needs"), ("note", "Note")]
DANGEROUS = ["=1+1", "+47 22 00 00 00", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def export(actor, file_format, rows=None, persons=(), columns=COLUMNS):
    rows = rows if rows is not None else [
        {"number": 7, "name": "Åse Ødegård Læstad", "decided": datetime.date(2019, 1, 15), "months": 13.4, "flag": True,
         "note": None},
    ]
    with translation.override("en"):
        return export_response(actor=actor, rows=rows, columns=columns, filename_stem="Ready queue", file_format=file_format,
                               object_type="settlement.case.ready_queue", persons=persons)


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_csv_has_a_header_row_readable_dates_and_norwegian_letters(caseworker):
    response = export(caseworker, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="ready-queue-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    assert read_csv(response) == [
        ["Case number", "Name", "Decision date", "Waiting months", "Special needs", "Note"],
        ["7", "Åse Ødegård Læstad", "2019-01-15", "13.4", "Yes", ""],
    ]


def test_xlsx_has_a_bold_frozen_header_real_dates_numbers_and_widths(caseworker):
    response = export(caseworker, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = read_xlsx(response)
    assert [cell.value for cell in sheet[1]] == [label for _key, label in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    number, name, decided, months, flag, note = sheet[2]
    assert (number.value, name.value, months.value, flag.value) == (7, "Åse Ødegård Læstad", 13.4, "Yes")
    assert decided.is_date and decided.value.date() == datetime.date(2019, 1, 15) and decided.number_format == "yyyy-mm-dd"
    assert note.value in (None, "")
    assert sheet.column_dimensions["B"].width >= len("Åse Ødegård Læstad")
    assert sheet.column_dimensions["A"].width >= len("Case number")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cells_that_would_run_as_formulas_get_an_apostrophe(caseworker, file_format):
    rows = [{"name": value, "number": -5} for value in DANGEROUS] + [{"name": "Ola - Nordmann", "number": 1}]
    response = export(caseworker, file_format, rows=rows, columns=[("name", "Name"), ("number", "Number")])
    if file_format == "csv":
        body = read_csv(response)[1:]
        names, numbers = [row[0] for row in body], [row[1] for row in body]
    else:
        sheet = read_xlsx(response)
        names = [row[0].value for row in sheet.iter_rows(min_row=2)]
        numbers = [row[1].value for row in sheet.iter_rows(min_row=2)]
        assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
        names = [name.replace("\n", "\r") for name in names]  # XML reads a stored CR back as LF
    assert names == ["'" + value for value in DANGEROUS] + ["Ola - Nordmann"]
    assert numbers[0] in (-5, "-5")  # a real number is data, not a formula


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_one_export_entry_names_every_person_exported(caseworker, make_person, file_format):
    first, second = make_person(), make_person()
    export(caseworker, file_format, persons=[first, second, first])
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.user, entry.object_type) == (caseworker, "settlement.case.ready_queue")
    assert sorted(subject.person_id for subject in entry.subjects.all()) == sorted([first.pk, second.pk])
    assert entry.detail == f"{file_format} export of 1 rows, 2 persons"


def test_an_unknown_format_is_refused_with_a_clear_message_and_nothing_is_audited(caseworker, make_person):
    with pytest.raises(ValueError, match="Unknown export format “pdf”: choose csv or xlsx."):
        export(caseworker, "pdf", persons=[make_person()])
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


MORE_DANGEROUS = ["\n=1+1", "\x00=1+1", "|cmd", "%0A", "  =HYPERLINK(\"http://x\",\"y\")", "\u00a0@SUM(A1)",
                  "\u200b=1+1", " \t+1"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_line_feed_null_pipe_percent_and_triggers_after_leading_blanks_are_neutralised(caseworker, file_format):
    rows = [{"name": value} for value in MORE_DANGEROUS] + [{"name": " Ola"}, {"name": "50 %"}]
    response = export(caseworker, file_format, rows=rows, columns=[("name", "Name")])
    if file_format == "csv":
        names = [row[0] for row in read_csv(response)[1:]]
        assert names == ["'" + value for value in MORE_DANGEROUS] + [" Ola", "50 %"]
    else:
        cells = [row[0] for row in read_xlsx(response).iter_rows(min_row=2)]
        assert all(cell.data_type == "s" and cell.value.startswith(("'", " Ola", "50")) for cell in cells)
        # XML cannot hold a null character: it is dropped, the apostrophe stays.
        assert cells[1].value == "'=1+1"


def test_every_csv_field_is_quoted_so_a_semicolon_cannot_start_a_new_cell(caseworker):
    # Norwegian Excel splits a CSV on ";": unquoted, "Ola;=1+1" would put =1+1 at the start of its own cell.
    response = export(caseworker, "csv", rows=[{"name": "Ola;=1+1", "number": 3}],
                      columns=[("name", "Name"), ("number", "Number")])
    assert '"Ola;=1+1","3"' in response.content.decode("utf-8-sig")


def test_xlsx_drops_control_characters_xml_cannot_hold_instead_of_failing(caseworker):
    response = export(caseworker, "xlsx", rows=[{"name": "Ola\x01\x1b Nordmann"}], columns=[("name", "Name")])
    assert read_xlsx(response)["A2"].value == "Ola Nordmann"


def test_a_failed_login_named_as_a_formula_is_neutralised_in_the_audit_export(client, make_user):
    from django.urls import reverse

    from nyinorge.core.roles import Role

    payload = '=HYPERLINK("http://x","y")'
    client.post(reverse("login"), {"username": payload, "password": "wrong password"})
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, username=payload).exists()
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.get(reverse("audit:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    failed = [row for row in rows if row["action"] == "login_failed"]
    assert [row["user"] for row in failed] == ["'" + payload]
    assert not any(value.startswith("=") for row in rows for value in row.values())
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="core.auditentry.list").count() == 1


# Any other CSV or Excel writer would bypass the neutralising above.
WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|\bxlsxwriter\b|\bopenpyxl\b|text/csv")


def test_no_module_outside_core_exports_writes_csv_or_xlsx():
    import nyinorge

    source = pathlib.Path(nyinorge.__file__).parent
    exports = source / "core" / "exports.py"
    offenders = [
        f"{path.relative_to(source)}:{number}: {line.strip()}"
        for path in sorted(source.rglob("*.py")) if path != exports
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITERS.search(line)
    ]
    assert offenders == []
    assert WRITERS.search(exports.read_text(encoding="utf-8"))  # the scan finds a writer where there is one
