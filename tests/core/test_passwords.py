"""Every password-validator message and help text is in bokmål when the language is bokmål."""

import pytest
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.utils import translation

from nyinorge.core.models import User

pytestmark = pytest.mark.django_db

# One password each validator refuses: like the user name, too short, too common, only digits.
PASSWORDS = ["kari.nordmann", "kort", "password", "839201746352"]


def _texts(language: str) -> list[str]:
    texts = []
    with translation.override(language):
        user = User(username="kari.nordmann", email="kari@example.org", first_name="Kari", last_name="Nordmann")
        for validator in get_default_password_validators():
            texts.append(str(validator.get_help_text()))
            for password in PASSWORDS:
                try:
                    validator.validate(password, user)
                except ValidationError as error:
                    texts.extend(error.messages)
    return texts


def test_password_messages_are_translated_to_bokmal():
    english, bokmal = _texts("en"), _texts("nb")
    assert len(english) == len(bokmal) >= 8
    untranslated = [text for text, translated in zip(english, bokmal) if text == translated]
    assert untranslated == []
