"""The payment letter of one instalment to one municipality as a PDF (WeasyPrint), nothing fetched from outside."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from nyinorge.grants.selectors.lines import Letter


def letter_pdf(*, letter: Letter) -> bytes:
    html = render_to_string("grants/letter.html", {"letter": letter, "generated": timezone.localtime()})
    # The letter embeds nothing: no file or network is ever read while it is made.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
