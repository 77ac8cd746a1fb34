// KomBo kit: the encryption, the same as nyinorge/competence/bundles.py (keep the two in step).
// Key: PBKDF2-HMAC-SHA-256 of the passphrase with a random 16-byte salt, at least 310,000 iterations, 256 bits;
// AES-GCM with a fresh random 12-byte IV for every encryption. The key is not extractable and never stored.

export const BUNDLE_FORMAT = "kombo-bundle";
export const BUNDLE_VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function randomBytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes) {
  let text = "";
  const view = new Uint8Array(bytes);
  for (let start = 0; start < view.length; start += 0x8000) {
    text += String.fromCharCode.apply(null, view.subarray(start, start + 0x8000));
  }
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export async function deriveKey(passphrase, salt, iterations) {
  const material = await crypto.subtle.importKey("raw", encoder.encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material,
    { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

export async function encryptJson(key, value, additionalData) {
  const iv = randomBytes(12);
  const params = { name: "AES-GCM", iv };
  if (additionalData) params.additionalData = encoder.encode(additionalData);
  const ciphertext = await crypto.subtle.encrypt(params, key, encoder.encode(JSON.stringify(value)));
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

export async function decryptJson(key, sealed, additionalData) {
  const params = { name: "AES-GCM", iv: fromBase64(sealed.iv) };
  if (additionalData) params.additionalData = encoder.encode(additionalData);
  const plaintext = await crypto.subtle.decrypt(params, key, fromBase64(sealed.ciphertext));
  return JSON.parse(decoder.decode(plaintext));
}

// The envelope's header as GCM additional data: JSON of [format, version, mission, device, created], no spaces.
export function bundleHeader(mission, device, created) {
  return JSON.stringify([BUNDLE_FORMAT, BUNDLE_VERSION, mission, device, created]);
}

export async function bundleSeal({ key, salt, iterations, mission, device, payload }) {
  const created = new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
  const sealed = await encryptJson(key, payload, bundleHeader(mission, device, created));
  return {
    format: BUNDLE_FORMAT, version: BUNDLE_VERSION, mission, device, created,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: toBase64(salt) },
    cipher: { name: "AES-GCM", iv: sealed.iv },
    ciphertext: sealed.ciphertext,
  };
}
