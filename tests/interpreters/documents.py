"""Small valid and invalid documents for upload tests (made here, so no binary files live in the repository)."""

import io
from collections.abc import Callable

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes(*, padding: int = 0, build: Callable[[pikepdf.Pdf], None] | None = None,
              object_streams: bool = False) -> bytes:
    """A real one-page PDF made by pikepdf, the same bytes on every call; `build` may add to it first.

    `padding` adds that many bytes in an unused stream (size tests); `object_streams` packs the objects into
    compressed object streams, so no name of theirs is visible in the file's bytes.
    """
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if padding:
        pdf.Root.Padding = pdf.make_stream(b"x" * padding)
    if build is not None:
        build(pdf)
    output = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(output, static_id=True, compress_streams=object_streams, object_stream_mode=mode)
    return output.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
