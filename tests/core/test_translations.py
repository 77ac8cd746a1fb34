from pathlib import Path

import polib
import pytest

import nyinorge

LOCALE = Path(nyinorge.__file__).parent / "locale"


def test_every_bokmal_message_is_translated():
    po = polib.pofile(str(LOCALE / "nb/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("language", ["nb", "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    po = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
    compiled = {entry.msgid: entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get(entry.msgid) == (entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}), entry.msgid
