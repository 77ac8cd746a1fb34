"""Texts stored as data in both languages, {"nb": "…", "en": "…"}: the one in the active language, else bokmål.

A missing translation falls back visibly to bokmål (never to an empty label); `translated_check` says which
language a text lacks, for the forms that define them.
"""

from django.utils import translation

LANGUAGES = ("nb", "en")
DEFAULT = "nb"


def translated(text, language: str | None = None) -> str:
    """The text in the language (the active one unless given), else in bokmål, else any it has."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    language = (language or translation.get_language() or DEFAULT).split("-")[0]
    return text.get(language) or text.get(DEFAULT) or next((value for value in text.values() if value), "")


def translated_missing(text) -> list[str]:
    """The languages (of bokmål and English) the text has no version in."""
    if isinstance(text, str):
        return [] if text.strip() else list(LANGUAGES)
    if not isinstance(text, dict):
        return list(LANGUAGES)
    return [language for language in LANGUAGES if not str(text.get(language, "")).strip()]
