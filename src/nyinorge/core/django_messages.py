"""Django's own messages that its bokmål catalogue lacks, marked here so that ours translates them.

Django 5.2 reworded the minimum-length password message (`%d` where it had `%(min_length)d`), and its nb
catalogue still translates only the old wording: a too-short password was refused in English. Marked here,
the new msgids are extracted into `locale/nb/LC_MESSAGES/django.po`, which Django reads before its own
catalogues (LOCALE_PATHS). `tests/core/test_passwords.py` tells when another one goes missing.
"""

from django.utils.translation import ngettext_lazy

MARKED = (
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", 1),
)
