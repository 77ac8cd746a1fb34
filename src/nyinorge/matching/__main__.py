"""`python -m nyinorge.matching solve|check ...`."""

import sys

from nyinorge.matching.cli import main

sys.exit(main())
