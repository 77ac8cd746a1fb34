"""The KomBo bundle: what the offline kit exports and the upload page takes back (format version 1).

A bundle is a small JSON envelope around one AES-GCM ciphertext:

    {"format": "kombo-bundle", "version": 1, "mission": "<mission code>", "device": "<device id>",
     "created": "<ISO 8601 time on the device>",
     "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": 310000, "salt": "<base64, 16 bytes>"},
     "cipher": {"name": "AES-GCM", "iv": "<base64, 12 bytes>"},
     "ciphertext": "<base64: the encrypted JSON payload with its 16-byte tag at the end, as WebCrypto gives it>"}

The key is PBKDF2-HMAC-SHA-256 of the passphrase the officer set on the device (never stored, never sent) with the
envelope's salt, 256 bits. The envelope's header (format, version, mission, device, created) is the GCM additional
data, so a bundle relabelled for another mission or device fails the tag like any other change.

The payload is `{"mission": code, "device": id, "exported_at": time, "records": [...]}`: one record per family
(see `services.missions` for the fields). `bundle_encrypt` is the Python twin of the kit's JavaScript
(`static/competence/kombo/crypto.js`): the tests and the benchmark build bundles with it.
"""

import base64
import binascii
import datetime
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.utils.translation import gettext as _

BUNDLE_FORMAT = "kombo-bundle"
BUNDLE_VERSION = 1
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the kit uses the same number and refuses fewer.
PBKDF2_ITERATIONS = 310_000
SALT_BYTES = 16
IV_BYTES = 12
KEY_BYTES = 32
# A mission of 2,000 families is a few megabytes; anything far larger is not a bundle.
MAX_BUNDLE_BYTES = 25 * 1024 * 1024


class BundleError(ValueError):
    """The file is not a bundle this mission can take; the message says why, in the user's language."""


@dataclass(frozen=True)
class Envelope:
    mission: str
    device: str
    created: str
    salt: bytes
    iv: bytes
    iterations: int
    ciphertext: bytes

    @property
    def additional_data(self) -> bytes:
        return bundle_header(self.mission, self.device, self.created)


def bundle_header(mission: str, device: str, created: str) -> bytes:
    """The GCM additional data: the header fields in a fixed order (the kit builds the same string)."""
    return json.dumps([BUNDLE_FORMAT, BUNDLE_VERSION, mission, device, created], separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def key_derive(passphrase: str, salt: bytes, iterations: int = PBKDF2_ITERATIONS) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
    return kdf.derive(passphrase.encode("utf-8"))


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _unb64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise BundleError(_("The file is not a KomBo bundle: %(what)s is missing.") % {"what": what})
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BundleError(_("The file is damaged: %(what)s is not readable.") % {"what": what}) from None


def bundle_encrypt(payload: dict, *, passphrase: str, mission: str, device: str, salt: bytes | None = None,
                   iterations: int = PBKDF2_ITERATIONS, created: str | None = None) -> bytes:
    """A bundle file's bytes, as the kit exports it."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    iv = os.urandom(IV_BYTES)
    created = created or datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    key = key_derive(passphrase, salt, iterations)
    plaintext = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    ciphertext = AESGCM(key).encrypt(iv, plaintext, bundle_header(mission, device, created))
    envelope = {
        "format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "mission": mission, "device": device, "created": created,
        "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": iterations, "salt": _b64(salt)},
        "cipher": {"name": "AES-GCM", "iv": _b64(iv)},
        "ciphertext": _b64(ciphertext),
    }
    return json.dumps(envelope, indent=1).encode("utf-8")


def envelope_read(data: bytes) -> Envelope:
    """The envelope's fields, checked for shape and version; nothing is decrypted yet."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(_("The file is too large to be a KomBo bundle."))
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError(_("The file is not a KomBo bundle (it is not the kit's JSON export).")) from None
    if not isinstance(envelope, dict) or envelope.get("format") != BUNDLE_FORMAT:
        raise BundleError(_("The file is not a KomBo bundle (it is not the kit's JSON export)."))
    if envelope.get("version") != BUNDLE_VERSION:
        raise BundleError(_("The bundle has format version %(found)s; this server reads version %(expected)s. "
                            "Export it again from an up-to-date kit.")
                          % {"found": envelope.get("version"), "expected": BUNDLE_VERSION})
    kdf, cipher = envelope.get("kdf"), envelope.get("cipher")
    if not isinstance(kdf, dict) or not isinstance(cipher, dict):
        raise BundleError(_("The file is not a KomBo bundle: %(what)s is missing.") % {"what": "kdf/cipher"})
    if (kdf.get("name"), kdf.get("hash"), cipher.get("name")) != ("PBKDF2", "SHA-256", "AES-GCM"):
        raise BundleError(_("The bundle is encrypted in a way this server does not accept."))
    iterations = kdf.get("iterations")
    if not isinstance(iterations, int) or not PBKDF2_ITERATIONS <= iterations <= 10 * PBKDF2_ITERATIONS:
        raise BundleError(_("The bundle is encrypted in a way this server does not accept."))
    fields = {name: envelope.get(name) for name in ("mission", "device", "created")}
    for name, value in fields.items():
        if not isinstance(value, str) or not value or len(value) > 64:
            raise BundleError(_("The file is not a KomBo bundle: %(what)s is missing.") % {"what": name})
    salt, iv = _unb64(kdf.get("salt"), "salt"), _unb64(cipher.get("iv"), "iv")
    if len(salt) < SALT_BYTES or len(iv) != IV_BYTES:
        raise BundleError(_("The file is damaged: %(what)s is not readable.") % {"what": "salt/iv"})
    return Envelope(salt=salt, iv=iv, iterations=iterations,
                    ciphertext=_unb64(envelope.get("ciphertext"), "ciphertext"), **fields)


def bundle_decrypt(envelope: Envelope, passphrase: str) -> dict:
    """The payload; BundleError when the passphrase is wrong or the file was changed (the tag does not match)."""
    key = key_derive(passphrase, envelope.salt, envelope.iterations)
    try:
        plaintext = AESGCM(key).decrypt(envelope.iv, envelope.ciphertext, envelope.additional_data)
    except InvalidTag:
        # GCM cannot tell a wrong key from a changed file: say both, plainly.
        raise BundleError(_("The bundle could not be opened: either the passphrase is wrong or the file has been "
                            "changed or damaged since it was exported. Check the passphrase; if it is right, "
                            "export the bundle again from the device.")) from None
    try:
        payload = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError(_("The bundle opened, but its content is not readable.")) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
        raise BundleError(_("The bundle opened, but it holds no list of records."))
    if payload.get("mission") != envelope.mission:
        raise BundleError(_("The bundle opened, but its content belongs to another mission."))
    return payload
