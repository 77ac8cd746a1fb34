"""Optional translation of a resident's free-text answers to bokmål, for staff only (never the interface).

`settings.COMPETENCE_TRANSLATOR` is "none" (the default: no translate button) or the dotted path of a callable
`(text: str, source_language: str) -> str`. A production deployment plugs in the directorate's approved service
here; what it returns is always shown beside the resident's own words and marked as a machine translation.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

Translator = Callable[[str, str], str]


def configured_translator() -> Translator | None:
    path = getattr(settings, "COMPETENCE_TRANSLATOR", "none") or "none"
    return None if path == "none" else import_string(path)


def bracketing_translator(text: str, source_language: str) -> str:
    """The test double: marks the text instead of translating it (no service is called)."""
    return f"[{source_language}→nb] {text}"
