// A private vault (B-11): images are encrypted in this browser before they are sent, and decrypted
// here to be shown. The key is derived from the passphrase with PBKDF2-SHA-256 (the vault's random
// salt and iteration count come from the page) and is not extractable; neither it nor the
// passphrase is sent anywhere or stored — leaving the page forgets them. Each object is
// [format byte 1][96-bit random IV][AES-256-GCM ciphertext with its 128-bit tag]. The key check
// is the same sealing of a known text, so a wrong passphrase is told apart from a damaged file.
// Served by Pledge; no inline script (the CSP forbids it).
"use strict";
(() => {
  const CHECK_TEXT = "pledge-vault key check v1";
  const MIN_ITERATIONS = 600000;
  const MIN_PASSPHRASE = 12;
  const FORMAT = 1;
  const IV_BYTES = 12;

  const $ = (s, root = document) => root.querySelector(s);
  const $$ = (s, root = document) => Array.from(root.querySelectorAll(s));

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // ---- bytes and keys ----------------------------------------------------------------------

  function fromBase64(text) {
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function toBase64(bytes) {
    let raw = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      raw += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(raw);
  }

  async function deriveKey(passphrase, salt, iterations) {
    // NFC: the same passphrase typed on another keyboard or system gives the same bytes.
    const secret = new TextEncoder().encode(passphrase.normalize("NFC"));
    const base = await crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt, iterations },
      base,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
  }

  async function seal(key, plain) {
    // A fresh random IV for every object: never reused under one key.
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plain));
    const out = new Uint8Array(1 + IV_BYTES + sealed.length);
    out[0] = FORMAT;
    out.set(iv, 1);
    out.set(sealed, 1 + IV_BYTES);
    return out;
  }

  async function unseal(key, bytes) {
    if (bytes.length < 1 + IV_BYTES + 16 || bytes[0] !== FORMAT) throw new Error("not sealed");
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, bytes.subarray(1 + IV_BYTES));
    return new Uint8Array(plain);
  }

  // The file's type from its first bytes (the server never learns it).
  function typeOf(bytes) {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) return { type: "image/png", ext: "png" };
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return { type: "image/jpeg", ext: "jpg" };
    if (bytes[8] === 0x57 && bytes[9] === 0x45) return { type: "image/webp", ext: "webp" };
    return { type: "application/octet-stream", ext: "bin" };
  }

  async function fetchSealed(url) {
    const r = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!r.ok) throw new Error("fetch " + r.status);
    return new Uint8Array(await r.arrayBuffer());
  }

  // ---- the lock ----------------------------------------------------------------------------

  function vault(lock) {
    lock.hidden = false;
    const texts = $("[data-vault-texts]", lock).dataset;
    const message = $("[data-vault-message]", lock);
    const csrf = ($("input[name=_csrf]", lock) || {}).value || "";
    const salt = fromBase64(lock.getAttribute("data-salt"));
    const iterations = Number(lock.getAttribute("data-iterations"));

    function say(text, error) {
      message.hidden = false;
      message.textContent = text;
      message.setAttribute("role", error ? "alert" : "status");
      message.classList.toggle("vault-error", !!error);
      if (error) message.setAttribute("data-vault-error", "");
      else message.removeAttribute("data-vault-error");
    }

    if (!window.crypto || !crypto.subtle) {
      $$("form[data-vault-form]", lock).forEach((f) => (f.hidden = true));
      say(texts.noCrypto, true);
      return;
    }

    async function post(url, body, type) {
      const r = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": type, Accept: "application/json", "X-XSRF-TOKEN": csrf },
        body,
      });
      let answer = {};
      try {
        answer = await r.json();
      } catch (e) {
        // no JSON: the status alone says it failed
      }
      return { status: r.status, answer };
    }

    async function opened(key) {
      $$("form[data-vault-form]", lock).forEach((f) => (f.hidden = true));
      say(texts.unlocked, false);
      lock.setAttribute("data-vault-open", "");
      $$("[data-vault-only]").forEach((e) => (e.hidden = false));
      const ctx = { key, say, texts, post };
      tiles(ctx);
      uploads(ctx);
      await editor(ctx);
    }

    const form = $("form[data-vault-form]", lock);
    if (!form) return;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const input = $("#vault-passphrase", form);
      const passphrase = input.value;
      if (iterations < MIN_ITERATIONS) {
        say(texts.weak, true);
        return;
      }
      const choosing = form.getAttribute("data-vault-form") === "choose";
      if (choosing) {
        if (passphrase.length < MIN_PASSPHRASE) {
          say(texts.short, true);
          return;
        }
        if (passphrase !== $("#vault-passphrase-again", form).value) {
          say(texts.mismatch, true);
          return;
        }
      }
      $$("button", form).forEach((b) => (b.disabled = true));
      say(texts.working, false);
      try {
        const key = await deriveKey(passphrase, salt, iterations);
        if (choosing) {
          const check = await seal(key, new TextEncoder().encode(CHECK_TEXT));
          const body = new URLSearchParams({ check: toBase64(check) });
          const r = await post(lock.getAttribute("data-check-url"), body, "application/x-www-form-urlencoded");
          if (r.status !== 200) {
            say(r.answer.error || texts.noCrypto, true);
            return;
          }
        } else {
          let plain;
          try {
            plain = await unseal(key, fromBase64(lock.getAttribute("data-check")));
          } catch (err) {
            plain = null;
          }
          if (!plain || new TextDecoder().decode(plain) !== CHECK_TEXT) {
            say(texts.wrong, true);
            input.select();
            return;
          }
        }
        $$("input[type=password]", form).forEach((i) => (i.value = ""));
        await opened(key);
      } finally {
        $$("button", form).forEach((b) => (b.disabled = false));
      }
    });
  }

  // ---- the project page: tiles and uploads -------------------------------------------------

  function tiles({ key }) {
    $$("canvas.sealed-tile[data-sealed]").forEach(async (canvas) => {
      try {
        const plain = await unseal(key, await fetchSealed(canvas.getAttribute("data-sealed")));
        const bitmap = await createImageBitmap(new Blob([plain]));
        const scale = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
        const w = Math.max(1, Math.round(bitmap.width * scale));
        const h = Math.max(1, Math.round(bitmap.height * scale));
        const g = canvas.getContext("2d");
        g.clearRect(0, 0, canvas.width, canvas.height);
        g.drawImage(bitmap, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
        canvas.setAttribute("data-drawn", "");
      } catch (err) {
        canvas.setAttribute("data-failed", "");
      }
    });
  }

  function uploads({ key, say, texts, post }) {
    const form = $("form[data-vault-upload]");
    if (!form) return;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const input = $("input[type=file]", form);
      if (!input.files.length) return;
      const file = input.files[0];
      const max = Number(form.getAttribute("data-max-bytes"));
      if (max > 0 && file.size > max) {
        say($("[data-too-large]", form).textContent, true);
        return;
      }
      const button = $("button[type=submit]", form);
      button.disabled = true;
      say(texts.saving, false);
      try {
        const sealed = await seal(key, new Uint8Array(await file.arrayBuffer()));
        const r = await post(form.action, sealed, "application/octet-stream");
        if (r.status === 201 && r.answer.image) {
          window.location.assign(form.getAttribute("data-editor-base") + r.answer.image);
        } else {
          say(r.answer.error || String(r.status), true);
        }
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---- the vault editor: draw, download, edit in the browser -------------------------------

  async function editor({ key, say, texts, post }) {
    const canvas = $("canvas[data-vault-canvas]");
    if (!canvas) return;
    let bitmap;
    try {
      const plain = await unseal(key, await fetchSealed(canvas.getAttribute("data-sealed")));
      bitmap = await createImageBitmap(new Blob([plain]));
      const kind = typeOf(plain);
      const link = $("[data-vault-download]");
      if (link) {
        link.href = URL.createObjectURL(new Blob([plain], { type: kind.type }));
        link.setAttribute("download", "image." + kind.ext);
      }
    } catch (err) {
      say(texts.decryptFailed, true);
      return;
    }
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    canvas.setAttribute("data-drawn", "");
    const cropW = $("#crop-w");
    const cropH = $("#crop-h");
    const resizeW = $("#resize-w");
    if (cropW) cropW.value = bitmap.width;
    if (cropH) cropH.value = bitmap.height;
    if (resizeW) resizeW.value = bitmap.width;

    const edits = $("form[data-vault-edits]");
    if (!edits) return;
    $$("[data-vault-op]", edits).forEach((button) =>
      button.addEventListener("click", async () => {
        const result = transform(bitmap, button, say, texts);
        if (!result) return;
        $$("button", edits).forEach((b) => (b.disabled = true));
        say(texts.saving, false);
        try {
          const png = await new Promise((done) => result.toBlob(done, "image/png"));
          const sealed = await seal(key, new Uint8Array(await png.arrayBuffer()));
          const r = await post(edits.action, sealed, "application/octet-stream");
          if (r.status === 201 && r.answer.version) {
            const editorUrl = document.querySelector("main").getAttribute("data-editor");
            window.location.assign(editorUrl + "?v=" + r.answer.version);
          } else {
            say(r.answer.error || String(r.status), true);
          }
        } finally {
          $$("button", edits).forEach((b) => (b.disabled = false));
        }
      }),
    );
  }

  // The edited picture on a new canvas, or null (with a message) for settings outside the image.
  function transform(bitmap, button, say, texts) {
    const op = button.getAttribute("data-vault-op");
    const w = bitmap.width;
    const h = bitmap.height;
    const out = document.createElement("canvas");
    const num = (id) => Number(($("#" + id) || {}).value);
    let g;
    if (op === "rotate") {
      // Exact quarter turns as integer matrices: no resampling, the pixels only move.
      const right = Number(button.getAttribute("data-angle")) === 90;
      out.width = h;
      out.height = w;
      g = out.getContext("2d");
      if (right) g.setTransform(0, 1, -1, 0, h, 0);
      else g.setTransform(0, -1, 1, 0, 0, w);
      g.drawImage(bitmap, 0, 0);
    } else if (op === "flip-h" || op === "flip-v") {
      out.width = w;
      out.height = h;
      g = out.getContext("2d");
      if (op === "flip-h") g.setTransform(-1, 0, 0, 1, w, 0);
      else g.setTransform(1, 0, 0, -1, 0, h);
      g.drawImage(bitmap, 0, 0);
    } else if (op === "crop") {
      const x = num("crop-x");
      const y = num("crop-y");
      const cw = num("crop-w");
      const ch = num("crop-h");
      const whole = [x, y, cw, ch].every(Number.isInteger);
      if (!whole || x < 0 || y < 0 || cw < 1 || ch < 1 || x + cw > w || y + ch > h) {
        say(texts.badCrop, true);
        return null;
      }
      out.width = cw;
      out.height = ch;
      out.getContext("2d").drawImage(bitmap, x, y, cw, ch, 0, 0, cw, ch);
    } else if (op === "resize") {
      const nw = num("resize-w");
      if (!Number.isInteger(nw) || nw < 1 || nw > 10000) {
        say(texts.badResize, true);
        return null;
      }
      out.width = nw;
      out.height = Math.max(1, Math.round((h * nw) / w));
      g = out.getContext("2d");
      g.imageSmoothingQuality = "high";
      g.drawImage(bitmap, 0, 0, out.width, out.height);
    } else {
      return null;
    }
    return out;
  }

  onReady(() => {
    const lock = $("[data-vault]");
    if (lock) vault(lock);
  });
})();
