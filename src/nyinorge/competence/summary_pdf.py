"""The registration as a tagged PDF (WeasyPrint): the resident's language and bokmål side by side, nothing fetched.

Fonts come from the system (fontconfig): Noto Sans, Noto Sans Arabic and Noto Sans Ethiopic (Debian's
fonts-noto-core, in `.ci/run`) for Arabic script with its shaping, Ge'ez for Tigrinya, and Cyrillic; DejaVu Sans
as the last fallback.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def registration_pdf(*, context: dict) -> bytes:
    html = render_to_string("competence/registration_pdf.html", {**context, "generated": timezone.localtime()})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf(pdf_tags=True)
