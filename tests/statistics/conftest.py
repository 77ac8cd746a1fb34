import pytest

from nyinorge.core.roles import Role


@pytest.fixture
def oslo_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
