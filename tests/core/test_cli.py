import os
import subprocess
import sys
from pathlib import Path

import pytest

NYINORGE = Path(sys.executable).with_name("nyinorge")


def run(*args, **env):
    # tests/settings.py puts test-only values into os.environ; a production-like run must not inherit them.
    test_only = {"DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST", "ALLOW_SYNTHETIC_IDENTITY_NUMBERS",
                 "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last set by the session browser (tests/conftest.py)
    environment = {k: v for k, v in os.environ.items() if k not in test_only}
    environment.update(env)
    return subprocess.run([str(NYINORGE), *args], capture_output=True, text=True, env=environment, timeout=120)


def test_console_script_wraps_management_commands(tmp_path):
    result = run("check", DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run("check", DEBUG="false", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3", SECRET_KEY="")
    assert result.returncode != 0


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 20 + "-production-like-secret-key-for-the-check-0987654321",
        ALLOWED_HOSTS="nyinorge.example", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["false"])
def test_demo_data_is_refused_outside_debug(tmp_path, debug):
    database = f"sqlite:///{tmp_path}/x.sqlite3"
    secret = "y" * 60
    # The refusal comes before any table is read, so an empty database will do (a migrate costs ~20 s).
    result = run("load_demo", DEBUG=debug, SECRET_KEY=secret, DATABASE_URL=database)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_openid_connect_login_is_switched_on_by_settings(tmp_path):
    oidc = {
        "OIDC_RP_CLIENT_ID": "nyinorge", "OIDC_RP_CLIENT_SECRET": "s", "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.invalid/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.invalid/token", "OIDC_OP_USER_ENDPOINT": "https://idp.invalid/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.invalid/jwks",
    }
    code = (
        "from django.conf import settings; from django.urls import reverse; "
        "print(settings.AUTHENTICATION_BACKENDS[-1], reverse('oidc_authentication_init'), "
        "'https://idp.invalid/authorize' in ' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    )
    result = run("shell", "--no-imports", "-c", code, DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3", **oidc)
    assert result.returncode == 0, result.stderr
    # The interpreter register's backend: the core one (provisioned staff) plus interpreter self-registration.
    assert result.stdout.split() == ["nyinorge.interpreters.oidc.InterpreterSignupOIDCBackend", "/oidc/authenticate/", "True"]
    without = run("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.OIDC_ENABLED)", DEBUG="true",
                  DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    assert without.stdout.strip() == "False"
