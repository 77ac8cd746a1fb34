"""Upload validation: type by content, extension agreement, size, damaged files, names that try to be paths."""

import io

import pikepdf
import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils import translation
from pikepdf import Array, Dictionary, Name, String

from nyinorge.interpreters import storage
from nyinorge.interpreters.uploads import clean_display_name, document_check
from tests.interpreters.documents import jpeg_bytes, pdf_bytes, png_bytes, upload


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


@pytest.mark.parametrize(("name", "content", "content_type", "extension"), [
    ("vitnemal.pdf", pdf_bytes(), "application/pdf", "pdf"),
    ("Bevis.PDF", pdf_bytes(), "application/pdf", "pdf"),
    ("foto.jpg", jpeg_bytes(), "image/jpeg", "jpg"),
    ("foto.jpeg", jpeg_bytes(), "image/jpeg", "jpg"),
    ("skann.png", png_bytes(), "image/png", "png"),
])
def test_accepted_documents(name, content, content_type, extension):
    checked = document_check(upload(name, content, "text/plain"))  # the browser's content type is ignored
    assert (checked.content_type, checked.extension, checked.size) == (content_type, extension, len(content))
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "content", "code"), [
    ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, "type"),
    ("notes.pdf", b"just some text pretending to be a pdf", "type"),  # right extension, wrong content
    ("page.html", b"<html><script>alert(1)</script></html>", "type"),
    ("picture.png", jpeg_bytes(), "type_mismatch"),  # a JPEG named .png
    ("scan.pdf", png_bytes(), "type_mismatch"),
    ("document.exe", pdf_bytes(), "type_mismatch"),  # a real PDF under a dangerous name
    ("noextension", pdf_bytes(), "type_mismatch"),
    ("empty.pdf", b"", "empty"),
    ("broken.png", png_bytes()[:20], "damaged"),  # magic bytes but no image behind them
    ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "damaged"),
    ("truncated.pdf", pdf_bytes()[:-8], "damaged"),
])
def test_refused_documents(name, content, code):
    with pytest.raises(ValidationError) as refused:
        document_check(upload(name, content))
    assert refused.value.code == code
    assert refused.value.messages[0]  # a message the form can show


def test_too_big_by_declared_and_by_real_size(settings):
    settings.INTERPRETER_DOCUMENT_MAX_BYTES = 1000
    big = pdf_bytes(padding=2000)
    with pytest.raises(ValidationError) as refused:
        document_check(upload("big.pdf", big))
    assert refused.value.code == "too_big"
    assert "1000" in refused.value.messages[0] or "1,0" in refused.value.messages[0] or "KB" in refused.value.messages[0]
    lying = upload("lying.pdf", big)
    lying.size = 10  # a client can claim any size; the content is counted
    with pytest.raises(ValidationError) as refused:
        document_check(lying)
    assert refused.value.code == "too_big"
    assert document_check(upload("small.pdf", pdf_bytes())).size < 1000


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
    ("/absolute/path/cv.pdf", "cv.pdf"),
    ("bad\x00name\n.pdf", "badname.pdf"),
    ("..", "document.pdf"),
    ("", "document.pdf"),
    ("Vitnemål – tolking.pdf", "Vitnemål – tolking.pdf"),
])
def test_display_names_are_labels_not_paths(name, expected):
    assert clean_display_name(name, extension="pdf") == expected


def test_long_display_names_keep_their_extension():
    cleaned = clean_display_name("a" * 400 + ".pdf", extension="pdf")
    assert len(cleaned) <= 150 and cleaned.endswith(".pdf")


def test_stored_under_a_random_name_in_the_private_root(private_root):
    document = upload("../../../../tmp/evil.pdf", pdf_bytes())
    checked = document_check(document)
    first = storage.document_write(document, extension=checked.extension)
    second = storage.document_write(document, extension=checked.extension)
    assert first != second
    assert storage.STORED_NAME.match(first) and "evil" not in first
    path = storage.stored_path(first)
    assert path.is_relative_to(private_root.resolve()) and path.read_bytes() == pdf_bytes()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not (private_root.parent / "evil.pdf").exists()
    storage.document_delete(first)
    assert not path.exists()


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "ab/cd/../../../../etc/passwd", "/etc/passwd", "ab/cd/" + "0" * 32 + ".exe",
    "ab/cd/" + "0" * 31 + ".pdf", "AB/CD/" + "0" * 32 + ".pdf", "ab/cd/" + "0" * 32 + ".pdf/../x", "", None,
])
def test_stored_names_cannot_leave_the_root(name):
    with pytest.raises(SuspiciousFileOperation):
        storage.stored_path(name)


def test_no_public_url():
    with pytest.raises(SuspiciousFileOperation):
        storage.PrivateDocumentStorage().url("ab/cd/" + "0" * 32 + ".pdf")


def test_system_check_refuses_a_root_inside_the_static_root(settings, tmp_path):
    import environ

    settings.STATIC_ROOT = environ.Path(str(tmp_path / "static"))  # as settings.py reads it from the environment
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "static" / "private")
    assert [error.id for error in storage.check_private_root_outside_web_root()] == ["interpreters.E001"]
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "elsewhere")
    assert storage.check_private_root_outside_web_root() == []


# Active content in PDFs, each built with pikepdf: what the old byte search missed, and the plain cases.
def _action(pdf, kind, **entries):
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name(kind), **entries))


def javascript_on_open(pdf):
    pdf.Root.OpenAction = _action(pdf, "/JavaScript", JS=String("app.alert(1)"))


def launch_on_open(pdf):
    pdf.Root.OpenAction = _action(pdf, "/Launch", F=String("cmd.exe"))


def _annotation(pdf, **entries):
    annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([0, 0, 10, 10]), **entries))
    pdf.pages[0].obj.Annots = Array([annotation])
    if entries.get("Subtype") == Name.Widget:
        pdf.Root.AcroForm = Dictionary(Fields=Array([annotation]))


def uri_link(pdf):
    _annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("http://x.example/")))


def submit_form(pdf):
    _annotation(pdf, Subtype=Name.Widget, FT=Name.Btn,
                A=Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("http://x.example/"))))


def import_data(pdf):
    _annotation(pdf, Subtype=Name.Widget, FT=Name.Btn, A=Dictionary(S=Name.ImportData, F=String("data.fdf")))


def embedded_file(pdf):
    stream = pdf.make_stream(b"MZ payload", Type=Name.EmbeddedFile)
    spec = Dictionary(Type=Name.Filespec, F=String("x.exe"), EF=Dictionary(F=stream))
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("x.exe"), spec])))


def rich_media(pdf):
    _annotation(pdf, Subtype=Name.RichMedia, RichMediaContent=Dictionary(Assets=Dictionary(Names=Array([]))))


def xfa_form(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp></xdp:xdp>"))


def page_action_on_close(pdf):  # /AA: additional actions that run by themselves (here when the page closes)
    pdf.pages[0].obj.AA = Dictionary(C=_action(pdf, "/Launch", F=String("cmd.exe")))


def unreferenced_javascript() -> bytes:
    """An object no page or catalog refers to, outside the cross-reference table: a recovering reader finds it."""
    data = pdf_bytes()
    return data.replace(b"\nxref\n", b"\n9 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\nxref\n", 1)


def hex_escaped(build, *replacements):
    data = pdf_bytes(build=build)
    for plain, escaped in replacements:
        assert plain in data
        data = data.replace(plain, escaped)
    return data  # the cross-reference offsets are off now: qpdf reconstructs, as readers do


ACTIVE = [
    ("javascript", pdf_bytes(build=javascript_on_open), ["JavaScript", "by itself"]),
    ("launch", pdf_bytes(build=launch_on_open), ["starts a program", "by itself"]),
    ("hex-escaped javascript", hex_escaped(javascript_on_open, (b"/JavaScript", b"/J#61vaScript"), (b"/JS", b"/J#53")),
     ["JavaScript"]),
    ("hex-escaped launch", hex_escaped(launch_on_open, (b"/Launch", b"/L#61unch")), ["starts a program"]),
    ("javascript in an object stream", pdf_bytes(build=javascript_on_open, object_streams=True), ["JavaScript"]),
    ("embedded files", pdf_bytes(build=embedded_file), ["embedded files"]),
    ("uri", pdf_bytes(build=uri_link), ["web addresses"]),
    ("submit form", pdf_bytes(build=submit_form), ["sends or imports data"]),
    ("import data", pdf_bytes(build=import_data), ["sends or imports data"]),
    ("rich media", pdf_bytes(build=rich_media), ["rich media"]),
    ("xfa", pdf_bytes(build=xfa_form), ["an XFA form"]),
    ("additional actions", pdf_bytes(build=page_action_on_close), ["starts a program", "by itself"]),
    ("unreferenced object", unreferenced_javascript(), ["JavaScript"]),
]


@pytest.mark.parametrize(("content", "named"), [(content, named) for _case, content, named in ACTIVE],
                         ids=[case for case, _content, _named in ACTIVE])
def test_pdfs_with_active_content_are_refused_naming_what_was_found(content, named):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        document_check(upload("vitnemal.pdf", content))
    assert refused.value.code == "active_content"
    assert all(part in refused.value.messages[0] for part in named), refused.value.messages[0]


def test_the_object_stream_case_hides_its_names_from_a_byte_search():
    content = pdf_bytes(build=javascript_on_open, object_streams=True)
    assert b"JavaScript" not in content and b"/JS" not in content


def test_the_refusal_is_in_bokmal():
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        document_check(upload("vitnemal.pdf", pdf_bytes(build=javascript_on_open)))
    assert refused.value.messages[0].startswith("PDF-filen inneholder JavaScript, ")


def internal_link_and_open_at_page(pdf):
    page = pdf.pages[0].obj
    pdf.Root.OpenAction = Array([page, Name.Fit])  # open at the first page: a destination, not an action
    _annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.GoTo, D=Array([page, Name.Fit])))
    pdf.docinfo["/Title"] = String("Vitnemål <b>bachelor</b>")


@pytest.mark.parametrize("content", [
    pdf_bytes(), pdf_bytes(object_streams=True), pdf_bytes(build=internal_link_and_open_at_page),
], ids=["plain", "object streams", "internal link"])
def test_clean_pdfs_pass(content):
    assert document_check(upload("vitnemal.pdf", content)).content_type == "application/pdf"


def test_the_demo_pdf_passes():
    from nyinorge.interpreters.demo_apply import demo_pdf

    assert document_check(upload("bevis.pdf", demo_pdf("Bevis for autorisasjon"))).content_type == "application/pdf"


def test_a_pdf_with_a_user_password_is_refused():
    pdf = pikepdf.open(io.BytesIO(pdf_bytes()))
    output = io.BytesIO()
    pdf.save(output, encryption=pikepdf.Encryption(user="hemmelig", owner="hemmelig"))
    with pytest.raises(ValidationError) as refused:
        document_check(upload("vitnemal.pdf", output.getvalue()))
    assert refused.value.code == "encrypted"


@pytest.mark.parametrize(("content", "code"), [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "damaged"),  # no pages
    (b"%PDF-1.7\n" + b"\x00garbage\xff" * 40 + b"\n%%EOF\n", "damaged"),
    (b"<html><script>alert(1)</script></html>\n" + pdf_bytes(), "type"),  # anything before %PDF- is refused
    (pdf_bytes().replace(b"%PDF-1.3\n", b"%PDF-1.3\n%<html><script>alert(1)</script>\n", 1), "polyglot"),
    (pdf_bytes().replace(b"%PDF-1.3\n", b"%PDF-1.3\n%<!DOCTYPE html>\n", 1), "polyglot"),
    (pdf_bytes() + b"<SCRIPT src=//x.example/a.js></SCRIPT>\n", "polyglot"),  # after the end
])
def test_unreadable_pdfs_and_pdf_html_polyglots_are_refused(content, code):
    with pytest.raises(ValidationError) as refused:
        document_check(upload("vitnemal.pdf", content))
    assert refused.value.code == code
    assert refused.value.messages[0]
