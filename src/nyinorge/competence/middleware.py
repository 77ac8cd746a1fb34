"""Staff pages offer bokmål and English only (`settings.STAFF_LANGUAGES`); the residents' pages all ten languages."""

from django.conf import settings
from django.utils import translation


def resident_page(view):
    """Mark a view as a resident-facing page: it is shown in any of `settings.LANGUAGES`."""
    view.resident_page = True
    return view


class StaffLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "resident_page", False):
            # Count the texts shown in English from here: the view builds its forms' labels before the template.
            from nyinorge.competence.resident_i18n import missing_reset  # noqa: PLC0415

            missing_reset()
            return None
        staff_codes = {code for code, _name in settings.STAFF_LANGUAGES}
        if translation.get_language() not in staff_codes:
            # A resident's language chosen on their pages, or a browser asking for Arabic: staff pages in English.
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return None
