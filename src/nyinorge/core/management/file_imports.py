"""What every file-import command shares: the user it is audited under, and reading the file as UTF-8 text."""

from collections.abc import Callable
from typing import IO, TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create

T = TypeVar("T")


def import_actor(*, username: str | None, service_user: str) -> User:
    """The named user, or the directorate's service user for this import (created on first use)."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user
    return User.objects.filter(username=service_user).first() or user_create(
        username=service_user, organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])


def import_file_read(path: str, read: Callable[[IO[str]], T]) -> T:
    """Open the file as UTF-8 (a byte-order mark allowed) and hand it to `read`; an unreadable file or refused
    content becomes a CommandError with the reasons."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return read(handle)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except ValidationError as error:
        raise CommandError("\n".join(error.messages)) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
