"""Texts on the residents' pages, in any of the ten languages, with a *visible* fallback.

Django's gettext falls back silently: a missing Arabic text would show in bokmål (its fallback catalogue), or in
English. A resident must see that a text is missing, not read Norwegian without knowing why: a missing text is
shown in English, marked `lang="en"` (screen readers switch voice, an RTL page keeps it left to right), and the
page says once that some text is not yet translated (`missing_count`).
"""

from contextvars import ContextVar

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi, trans_real

# Texts shown in English on the page being rendered (reset by `missing_reset` at the start of each page).
_missing: ContextVar[int] = ContextVar("resident_texts_missing", default=0)
FALLBACK = "en"


def resident_languages() -> list[dict]:
    """Every language of the residents' pages, named in its own script, for the language menu."""
    return [{"code": code, "name_local": LANG_INFO[code]["name_local"], "bidi": LANG_INFO[code]["bidi"]}
            for code, _name in settings.LANGUAGES]


def translated_or_none(msgid: str, language: str, context: str | None = None) -> str | None:
    """The text's translation in the language's own catalogue (no fallback), or None; English is the msgid."""
    if not msgid:
        return None
    if language == FALLBACK:
        return msgid
    key = f"{context}\x04{msgid}" if context else msgid
    catalog = trans_real.translation(language)._catalog  # noqa: SLF001 (the merged catalogue, without fallbacks)
    value = catalog.get(key)
    return value if value else None


def _msgid_of(text) -> tuple[str, str | None]:
    """The msgid (and context) behind a lazy translation (`gettext_lazy`, `pgettext_lazy`), or the text itself."""
    if isinstance(text, Promise) and getattr(text, "_args", None):
        args = text._args  # noqa: SLF001
        return (args[1], args[0]) if len(args) == 2 else (args[0], None)
    return str(text), None


def resident_text(text, context: str | None = None) -> SafeString:
    """The text in the current language as HTML, or the English marked as such when it is not translated."""
    msgid, lazy_context = _msgid_of(text)
    context = context or lazy_context
    language = get_language() or settings.LANGUAGE_CODE
    translated = translated_or_none(msgid, language, context)
    if translated is not None:
        return format_html("{}", translated)
    _missing.set(_missing.get() + 1)
    direction = ' dir="ltr"' if get_language_bidi() else ""
    return format_html('<span lang="en" class="rt-missing"{}>{}</span>', SafeString(direction), msgid)


def resident_format(text, **values) -> SafeString:
    """A translated text with %(name)s placeholders filled (the values escaped)."""
    rendered = resident_text(text)
    return SafeString(str(rendered) % {key: conditional_escape(value) for key, value in values.items()})


def resident_plain(text) -> str:
    """For places that take no markup (a select's options): the translation, or the English marked "[EN]"."""
    msgid, context = _msgid_of(text)
    translated = translated_or_none(msgid, get_language() or settings.LANGUAGE_CODE, context)
    if translated is not None:
        return translated
    _missing.set(_missing.get() + 1)
    return f"{msgid} [EN]"


def resident_choices(choices) -> list[tuple[str, str]]:
    """A code list's choices with labels through `resident_plain` (TextChoices.choices or pairs)."""
    return [(value, resident_plain(label)) for value, label in choices]


def missing_reset() -> None:
    _missing.set(0)


def missing_count() -> int:
    return _missing.get()
