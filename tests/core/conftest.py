"""Fixtures shared by the core tests."""

import pytest

from nyinorge.core.roles import Role


@pytest.fixture
def officer(make_user):
    """A directorate data-quality officer: reviews possible duplicates, merges and unmerges persons."""
    return make_user(Role.DATA_QUALITY_OFFICER)
