// KomBo offline kit: capture families on a mission with no network, keep them encrypted in IndexedDB, export a bundle.
// IndexedDB holds, per mission, only the salt, a check value and the device id ("meta"), and per record its client id
// and AES-GCM ciphertext ("records"): no name, date or number in plain text. The key lives in memory while unlocked.
import { bundleSeal, decryptJson, deriveKey, encryptJson, fromBase64, randomBytes, toBase64 } from "./crypto.js";

const root = document.getElementById("kombo-kit");
const MISSION = root.dataset.mission;
let ITERATIONS = Number(root.dataset.iterations);
const INACTIVITY_MS = Number(root.dataset.inactivityMinutes) * 60 * 1000;
const TODAY = root.dataset.today;
const texts = document.getElementById("kit-texts").dataset;
const CHECK_TEXT = "kombo-check-v1";
const DB_NAME = "kombo";

let key = null;
let meta = null;
let records = new Map();
let editing = null;
let lockTimer = null;

function $(id) { return document.getElementById(id); }

function show(section) {
  for (const id of ["kit-setup", "kit-unlock", "kit-main", "kit-editor"]) $(id).hidden = id !== section;
}

function status(text) { $("kit-status").textContent = text; }

function fail(text) {
  $("kit-error").hidden = !text;
  $("kit-error-text").textContent = text || "";
}

function uuid() {
  return crypto.randomUUID ? crypto.randomUUID() : [...randomBytes(16)].map((b) => b.toString(16).padStart(2, "0"))
    .join("").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
}

// IndexedDB, promised.
function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta", { keyPath: "mission" });
      db.createObjectStore("records", { keyPath: ["mission", "id"] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name, mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const result = work(transaction.objectStore(name));
    transaction.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    transaction.onerror = () => { db.close(); reject(transaction.error); };
  });
}

const metaGet = () => store("meta", "readonly", (s) => s.get(MISSION));
const metaPut = (value) => store("meta", "readwrite", (s) => s.put(value));
const recordsAll = () => store("records", "readonly", (s) => s.getAll(IDBKeyRange.bound([MISSION, ""], [MISSION, "\uffff"])));
const recordPut = (value) => store("records", "readwrite", (s) => s.put(value));

// Locking: the key and every decrypted record leave memory and the page.
function lock() {
  key = null;
  records = new Map();
  editing = null;
  $("kit-record-rows").replaceChildren();
  $("kit-family").querySelector('[data-list="members"]').replaceChildren();
  $("kit-family").querySelector('[data-list="network_ties"]').replaceChildren();
  $("kit-passphrase").value = "";
  show("kit-unlock");
  status(texts.locked);
}

function touch() {
  if (!key) return;
  clearTimeout(lockTimer);
  lockTimer = setTimeout(lock, INACTIVITY_MS);
}

async function setUp(event) {
  event.preventDefault();
  const first = $("kit-new-passphrase").value;
  const second = $("kit-new-passphrase-again").value;
  if (first.length < 12) return fail(texts.short);
  if (first !== second) return fail(texts.mismatch);
  fail("");
  const salt = randomBytes(16);
  key = await deriveKey(first, salt, ITERATIONS);
  meta = { mission: MISSION, device: uuid(), salt: toBase64(salt), iterations: ITERATIONS,
           check: await encryptJson(key, CHECK_TEXT) };
  await metaPut(meta);
  $("kit-new-passphrase").value = "";
  $("kit-new-passphrase-again").value = "";
  await opened();
}

async function unlock(event) {
  event.preventDefault();
  const candidate = await deriveKey($("kit-passphrase").value, fromBase64(meta.salt), meta.iterations);
  try {
    if ((await decryptJson(candidate, meta.check)) !== CHECK_TEXT) throw new Error("check");
  } catch (error) {
    return fail(texts.wrong);
  }
  fail("");
  key = candidate;
  $("kit-passphrase").value = "";
  await opened();
}

async function opened() {
  records = new Map();
  for (const sealed of await recordsAll()) {
    records.set(sealed.id, await decryptJson(key, sealed, sealed.id));
  }
  renderList();
  show("kit-main");
  status(navigator.serviceWorker && navigator.serviceWorker.controller ? texts.ready : "");
  touch();
}

function principalOf(record) {
  return record.members.find((m) => m.relation === "principal");
}

function renderList() {
  const rows = [];
  const sorted = [...records.values()].sort((a, b) => (a.updated < b.updated ? 1 : -1));
  for (const record of sorted) {
    const row = document.createElement("tr");
    const principal = principalOf(record);
    const name = document.createElement("td");
    name.textContent = principal ? `${principal.given_name} ${principal.family_name}` : texts.principal;
    if (record.members.some((m) => !m.duf_number)) {
      const flag = document.createElement("span");
      flag.className = "app-kombo-flag";
      flag.textContent = ` (${texts.missingDuf})`;
      name.append(flag);
    }
    const count = document.createElement("td");
    count.textContent = String(record.members.length);
    const when = document.createElement("td");
    when.textContent = record.updated.slice(0, 16).replace("T", " ");
    const actions = document.createElement("td");
    const edit = document.createElement("button");
    edit.type = "button";
    edit.className = "ds-button";
    edit.dataset.variant = "tertiary";
    edit.textContent = texts.edit;
    edit.setAttribute("aria-label", `${texts.edit}: ${name.textContent}`);
    edit.addEventListener("click", () => openEditor(record));
    actions.append(edit);
    row.append(name, count, when, actions);
    rows.push(row);
  }
  $("kit-record-rows").replaceChildren(...rows);
  $("kit-empty").hidden = rows.length > 0;
}

// The capture form: items ([data-item]) hold fields ([data-field]), lists ([data-list]) and objects ([data-object]).
const TEMPLATES = { member: "tpl-member", language: "tpl-language", qualification: "tpl-qualification",
                    work: "tpl-work", tie: "tpl-tie" };

function owner(element) { return element.parentElement.closest("[data-item]"); }

function own(item, selector) {
  return [...item.querySelectorAll(selector)].filter((element) => owner(element) === item);
}

function read(item) {
  const value = {};
  for (const input of [...item.querySelectorAll("[data-field]")].filter((e) => e.closest("[data-item]") === item)) {
    value[input.dataset.field] = input.type === "checkbox" ? input.checked : input.value.trim();
  }
  for (const list of own(item, "[data-list]")) {
    value[list.dataset.list] = [...list.children].filter((c) => c.dataset.item).map(read);
  }
  for (const object of own(item, "[data-object]")) {
    value[object.dataset.object] = object.hidden ? null : read(object);
  }
  return value;
}

function write(item, value) {
  for (const input of [...item.querySelectorAll("[data-field]")].filter((e) => e.closest("[data-item]") === item)) {
    const field = value[input.dataset.field];
    if (input.type === "checkbox") {
      if (field !== undefined) input.checked = Boolean(field);
    } else {
      input.value = field === undefined || field === null ? input.value : String(field);
    }
  }
  for (const list of own(item, "[data-list]")) {
    list.replaceChildren();
    for (const entry of value[list.dataset.list] || []) write(addItem(list), entry);
  }
  for (const object of own(item, "[data-object]")) {
    const present = value[object.dataset.object];
    if (object.dataset.object === "competence") {
      object.hidden = !present;
      const toggle = own(item, '[data-toggle="competence"]')[0] || item.querySelector('[data-toggle="competence"]');
      if (toggle) toggle.checked = Boolean(present);
    }
    if (present) write(object, present);
  }
}

function listKind(list) {
  return { members: "member", languages: "language", qualifications: "qualification", work: "work",
           network_ties: "tie" }[list.dataset.list];
}

function addItem(list) {
  const template = $(TEMPLATES[listKind(list)]);
  const item = template.content.firstElementChild.cloneNode(true);
  list.append(item);
  if (item.dataset.item === "member") item.querySelector('[data-field="client_id"]').value = uuid();
  return item;
}

function openEditor(record) {
  editing = record ? record.client_id : null;
  const form = $("kit-family");
  form.querySelector('[data-list="members"]').replaceChildren();
  form.querySelector('[data-list="network_ties"]').replaceChildren();
  if (record) {
    write(form, record);
  } else {
    form.reset();
    form.querySelector('[data-field="held_on"]').value = TODAY;
    addItem(form.querySelector('[data-list="members"]'));
  }
  show("kit-editor");
  form.querySelector("input, select, textarea").focus();
}

async function saveFamily(event) {
  event.preventDefault();
  const form = $("kit-family");
  const value = read(form);
  const record = {
    client_id: editing || uuid(), held_on: value.held_on, updated: new Date().toISOString(),
    members: value.members.map((member) => ({ ...member,
      birth_year: member.birth_year ? Number(member.birth_year) : null })),
    interview: value.interview,
  };
  // The record id is the IndexedDB key and the GCM additional data: a ciphertext moved to another id fails.
  const sealed = await encryptJson(key, record, record.client_id);
  await recordPut({ mission: MISSION, id: record.client_id, iv: sealed.iv, ciphertext: sealed.ciphertext });
  records.set(record.client_id, record);
  editing = null;
  form.querySelector('[data-list="members"]').replaceChildren();
  form.querySelector('[data-list="network_ties"]').replaceChildren();
  renderList();
  show("kit-main");
  status(texts.saved);
}

async function exportBundle() {
  if (!records.size) return status(texts.nothing);
  const payload = { mission: MISSION, device: meta.device, exported_at: new Date().toISOString(),
                    records: [...records.values()] };
  const envelope = await bundleSeal({ key, salt: fromBase64(meta.salt), iterations: meta.iterations,
                                      mission: MISSION, device: meta.device, payload });
  const blob = new Blob([JSON.stringify(envelope, null, 1)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `kombo-${MISSION}-${envelope.created.slice(0, 19).replace(/[:T]/g, "")}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  status(texts.exported);
}

function network() {
  const element = $("kit-network");
  element.textContent = navigator.onLine ? element.dataset.online : element.dataset.offline;
}

async function start() {
  // A failure anywhere (storage full, a browser without WebCrypto) is said on the page, never swallowed.
  window.addEventListener("unhandledrejection", (event) => fail(String(event.reason && event.reason.message || event.reason)));
  network();
  window.addEventListener("online", network);
  window.addEventListener("offline", network);
  for (const name of ["click", "keydown", "input"]) document.addEventListener(name, touch, { passive: true });
  $("kit-setup-form").addEventListener("submit", setUp);
  $("kit-unlock-form").addEventListener("submit", unlock);
  $("kit-family").addEventListener("submit", saveFamily);
  $("kit-new").addEventListener("click", () => openEditor(null));
  $("kit-cancel").addEventListener("click", () => { editing = null; show("kit-main"); });
  $("kit-lock").addEventListener("click", lock);
  $("kit-export").addEventListener("click", exportBundle);
  root.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    if (add) {
      const scope = add.parentElement;
      const list = [...scope.children].find((c) => c.dataset.list && listKind(c) === add.dataset.add);
      const item = addItem(list);
      item.querySelector("input, select").focus();
      return;
    }
    const remove = event.target.closest("[data-remove]");
    if (remove) remove.closest("[data-item]").remove();
  });
  root.addEventListener("change", (event) => {
    if (event.target.dataset.toggle === "competence") {
      const member = event.target.closest('[data-item="member"]');
      own(member, '[data-object="competence"]')[0].hidden = !event.target.checked;
    }
  });
  try {
    // The mission's form definition (kept by the service worker): the kit follows its encryption parameters.
    const definition = await (await fetch(root.dataset.form, { credentials: "same-origin" })).json();
    if (definition.mission === MISSION && definition.kdf.iterations >= ITERATIONS) ITERATIONS = definition.kdf.iterations;
  } catch (error) {
    // Not kept yet and no network: the page's own parameters serve.
  }
  meta = await metaGet();
  show(meta ? "kit-unlock" : "kit-setup");
  status("");
  if ("serviceWorker" in navigator) {
    try {
      await navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope });
      await navigator.serviceWorker.ready;
      status(texts.ready);
    } catch (error) {
      status(texts.noWorker);
    }
  } else {
    status(texts.noWorker);
  }
}

start();
