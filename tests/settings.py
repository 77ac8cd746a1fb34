"""Test settings: production settings (DEBUG off) with what a plain-http test server needs."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nyinorge")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-and-entropy-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "true")
os.environ.setdefault("STATIC_MANIFEST", "false")

from nyinorge.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The live server for browser tests speaks plain http, where browsers drop Secure cookies.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = None  # static files come from the app folders (finders); nothing is collected in tests
# Argon2 costs ~50 ms a hash by design; the suite creates hundreds of users. The production hasher is
# still the first in nyinorge.settings, and test_passwords_are_hashed_with_argon2 checks it there.
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inside the call that queues them (on commit: tests use django_capture_on_commit_callbacks), except
# where a test starts a real worker (tests/core/test_worker.py overrides this with the database backend).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
