"""The `nyinorge` console script: Django's management commands with the project's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `nyinorge migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyinorge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nyinorge", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
