"""Upload validation: type by content, extension agreement, size, damaged files, names that try to be paths."""

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError

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
    ("script.pdf", pdf_bytes(b"3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"), "active_content"),
    ("launch.pdf", pdf_bytes(b"3 0 obj << /S /Launch /F (cmd.exe) >> endobj\n"), "active_content"),
])
def test_refused_documents(name, content, code):
    with pytest.raises(ValidationError) as refused:
        document_check(upload(name, content))
    assert refused.value.code == code
    assert refused.value.messages[0]  # a message the form can show


def test_too_big_by_declared_and_by_real_size(settings):
    settings.INTERPRETER_DOCUMENT_MAX_BYTES = 1000
    big = pdf_bytes(b"%" + b"x" * 2000 + b"\n")
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
