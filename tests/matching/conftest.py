import pytest


@pytest.fixture(scope="session", autouse=True)
def release_live_server_connections():
    """The matching library never touches the database, so its tests need no test database at all."""
    yield
