import datetime
import itertools
import os

import pytest

import tests.hypothesis_profiles  # noqa: F401 (registers and loads the dev or ci profile)

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation, Person, User
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import reception_centre_create
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create

_serials = itertools.count(100)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data and grant rates once per session; transactional tests (run last) reload them themselves.

    The rates come with a migration, but a transactional test's flush removes them from a reused database."""
    from nyinorge.grants.services.rates import grant_rates_load

    with django_db_blocker.unblock():
        reference_data_load()
        grant_rates_load()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server", "django_db_serialized_rollback"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table: put the reference data back for the tests after it.

    After the fixtures' own teardown (the flush). Run serially those tests come last anyway; under pytest-xdist
    (`make test` runs two workers) they do not.
    """
    result = yield
    if nextitem is not None and _transactional(item):
        from pytest_django.plugin import blocking_manager_key

        from nyinorge.grants.services.rates import grant_rates_load

        with item.config.stash[blocking_manager_key].unblock():
            reference_data_load()
            grant_rates_load()
    return result


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (bokmål), whatever the test before it activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def live_server(live_server, django_db_setup, django_db_blocker):
    """pytest-django's live server; at the end of the run, end the sessions its threads left idle.

    Otherwise PostgreSQL refuses to drop the test database ("being accessed by other users"). Only at
    the end: the live server lives for the whole session, and its connections serve every browser test.
    Not autouse: a run without database tests must not set up (or touch) any database.
    """
    yield live_server
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
                )


@pytest.fixture
def login(client):
    """Log `user` in on the test client and return the client: `login(user).get(...)`."""

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def municipality_org():
    def get(number: str) -> Organisation:
        return Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id=number)

    return get


@pytest.fixture
def reception_centre():
    def make(name: str = "Testmottak", host: str = "3049") -> Organisation:
        return reception_centre_create(
            name=name, operator="Testdrift AS", host_municipality=Municipality.objects.get(number=host)
        ).organisation

    return make


@pytest.fixture
def make_user():
    def make(role: Role, organisation: Organisation | None = None, **kwargs) -> User:
        organisation = organisation or directorate()
        return user_create(
            username=kwargs.pop("username", f"user{next(_serials)}"),
            organisation=organisation,
            roles=[role],
            password=kwargs.pop("password", None),
            **kwargs,
        )

    return make


@pytest.fixture
def caseworker(make_user) -> User:
    return make_user(Role.DIRECTORATE_CASEWORKER)


@pytest.fixture
def make_person(caseworker):
    def make(municipality: str | None = None, centre: Organisation | None = None, **kwargs) -> Person:
        birth_date = kwargs.pop("birth_date", datetime.date(1990, 5, 17))
        if "duf_number" not in kwargs and "national_id" not in kwargs:
            # Each test rolls back, so serials need only be unique within a test (≈400 valid per date).
            kwargs["national_id"] = synthetic_national_identity_number(birth_date, serial=next(_serials) % 300)
        return person_create(
            actor=kwargs.pop("actor", caseworker),
            given_name=kwargs.pop("given_name", "Test"),
            family_name=kwargs.pop("family_name", "Person"),
            birth_date=birth_date,
            residence_municipality=Municipality.objects.get(number=municipality) if municipality else None,
            reception_centre=centre,
            **kwargs,
        )

    return make


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session: starting it costs a second or two per test otherwise."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM} (apt-get install chromium); .ci/run installs it.")
    # Playwright's sync API keeps an event loop running in this thread while it is started; the ORM calls
    # in the tests are plain sync code. Browser tests are transactional, so pytest-django runs them last.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (no cookies or storage from other tests) and a page in it, in bokmål."""
    context = chromium.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
