// The studio's behaviour on top of pages that work without it: the small-screen menu opens, single-use links hand their token (kept after # so it never
// reaches a server log) to the page's form, codes copy, and passkeys (WebAuthn) sign in and
// register. Served by Pledge; no inline script anywhere (the CSP forbids it).
"use strict";
(() => {
  document.documentElement.classList.add("js");

  // The CSRF token of the page's forms (Thymeleaf adds it to each), sent as the header Spring
  // Security reads for scripts.
  const csrf = () => {
    const field = document.querySelector('input[name="_csrf"]');
    return field ? { "X-XSRF-TOKEN": field.value } : {};
  };

  const b64 = {
    encode(buffer) {
      const s = btoa(String.fromCharCode(...new Uint8Array(buffer)));
      return s.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
    },
    decode(text) {
      const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out.buffer;
    },
  };

  async function postJson(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", ...csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  onReady(() => {
    // Small screens: the menu button.
    const toggle = document.querySelector("[data-menu-toggle]");
    const menu = document.getElementById("menu");
    if (toggle && menu) {
      toggle.addEventListener("click", () => {
        const open = menu.classList.toggle("open");
        toggle.setAttribute("aria-expanded", String(open));
      });
    }

    // The account menu closes when you click elsewhere.
    document.addEventListener("click", (e) => {
      document.querySelectorAll("details.account-menu[open]").forEach((d) => {
        if (!d.contains(e.target)) d.removeAttribute("open");
      });
    });

    // Single-use links: the token is after #t= — into the form, out of the address bar. Without
    // this script the form asks for the code, which the e-mail gives too.
    const fragment = new URLSearchParams(location.hash.slice(1));
    const token = fragment.get("t");
    document.querySelectorAll("form[data-token-form]").forEach((form) => {
      const field = form.querySelector('input[name="token"]');
      if (token && field && !field.value) field.value = token;
      const box = form.querySelector("[data-token-field]");
      if (field && field.value && box) box.hidden = true;
    });
    if (token) history.replaceState(null, "", location.pathname + location.search);

    // Copy buttons.
    document.querySelectorAll("[data-copy]").forEach((button) =>
      button.addEventListener("click", async () => {
        const source = document.querySelector(button.dataset.copy);
        if (!source || !navigator.clipboard) return;
        const text = [...source.querySelectorAll("li")].map((li) => li.textContent.trim()).join("\n");
        await navigator.clipboard.writeText(text);
        button.textContent = button.dataset.copied;
      }));

    // Passkeys: hidden where the browser has none.
    if (!window.PublicKeyCredential) {
      document.querySelectorAll(".passkey-only").forEach((e) => (e.hidden = true));
      return;
    }

    document.querySelectorAll("[data-passkey-sign-in]").forEach((button) =>
      button.addEventListener("click", async () => {
        const error = document.querySelector("[data-passkey-error]");
        if (error) error.hidden = true;
        button.disabled = true;
        try {
          const options = await postJson(button.dataset.options);
          const cred = await navigator.credentials.get({
            publicKey: {
              ...options,
              challenge: b64.decode(options.challenge),
              allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) })),
            },
          });
          const r = cred.response;
          const result = await postJson(button.dataset.action, {
            id: cred.id,
            rawId: b64.encode(cred.rawId),
            response: {
              authenticatorData: b64.encode(r.authenticatorData),
              clientDataJSON: b64.encode(r.clientDataJSON),
              signature: b64.encode(r.signature),
              userHandle: r.userHandle ? b64.encode(r.userHandle) : undefined,
            },
            credType: cred.type,
            clientExtensionResults: cred.getClientExtensionResults(),
            authenticatorAttachment: cred.authenticatorAttachment,
          });
          location.assign(result.redirectUrl || button.dataset.next);
        } catch (e) {
          if (error) error.hidden = false;
          button.disabled = false;
        }
      }));

    document.querySelectorAll("form[data-passkey-register]").forEach((form) =>
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const error = form.querySelector("[data-passkey-error]");
        if (error) error.hidden = true;
        const label = form.querySelector('input[name="label"]').value.trim();
        if (!label) return;
        const button = form.querySelector('button[type="submit"]');
        button.disabled = true;
        try {
          const options = await postJson(form.dataset.options);
          const cred = await navigator.credentials.create({
            publicKey: {
              ...options,
              user: { ...options.user, id: b64.decode(options.user.id) },
              challenge: b64.decode(options.challenge),
              excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: b64.decode(c.id) })),
            },
          });
          const r = cred.response;
          const result = await postJson(form.dataset.action, {
            publicKey: {
              credential: {
                id: cred.id,
                rawId: b64.encode(cred.rawId),
                response: {
                  attestationObject: b64.encode(r.attestationObject),
                  clientDataJSON: b64.encode(r.clientDataJSON),
                  transports: r.getTransports ? r.getTransports() : [],
                },
                type: cred.type,
                clientExtensionResults: cred.getClientExtensionResults(),
                authenticatorAttachment: cred.authenticatorAttachment,
              },
              label,
            },
          });
          if (!result || !result.success) throw new Error("not registered");
          location.assign(form.dataset.done);
        } catch (e) {
          if (error) error.hidden = false;
          button.disabled = false;
        }
      }));
  });
})();
