// The studio's cookie banner and preferences: vanilla-cookieconsent (served from here, MIT) driven
// by the policy's cookie inventory, which the server gives at /consent/config in the page's
// language. Every choice is posted to /consent and comes back with a receipt id. A browser with
// Global Privacy Control is never offered marketing. The studio's usage analytics (the same
// cookieless tracker as the reference site's) is loaded only while performance is accepted.
"use strict";
(() => {
  const meta = document.querySelector('meta[name="pledge-consent"]');
  if (!meta || !window.CookieConsent) return;
  const base = meta.content;
  const CC = window.CookieConsent;

  const esc = (s) =>
    String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  let analyticsStarted = false;
  function startAnalytics() {
    const slot = document.querySelector('meta[name="pledge-usage-analytics"]');
    if (!slot || analyticsStarted || !CC.acceptedCategory("performance")) return;
    analyticsStarted = true;
    const script = document.createElement("script");
    script.src = slot.dataset.src;
    script.dataset.domain = slot.content;
    document.head.appendChild(script);
  }

  async function record(source) {
    const cookie = CC.getCookie();
    const prefs = CC.getUserPreferences();
    try {
      const response = await fetch(base, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ consentId: cookie.consentId, accepted: prefs.acceptedCategories, source }),
      });
      if (!response.ok) return;
      const receipt = await response.json();
      document.documentElement.dataset.consentReceipt = receipt.receipt;
    } catch (e) {
      // Offline: the choice holds in the browser; the next change records it.
    }
  }

  function start(cfg) {
    const gpc = navigator.globalPrivacyControl === true || cfg.gpc === true;
    const t = cfg.text;
    const categories = {};
    const sections = [{ description: esc(t["preferences-intro"]) + (gpc ? "<br><br>" + esc(t.gpc) : "") }];
    for (const c of cfg.categories) {
      if (gpc && c.id === "marketing") continue;
      categories[c.id] = c.required ? { enabled: true, readOnly: true } : {};
      const section = { title: esc(c.title), description: esc(c.description), linkedCategory: c.id };
      if (c.cookies.length) {
        section.cookieTable = {
          headers: { name: esc(t.cookie), purpose: esc(t.purpose), lifetime: esc(t.lifetime), party: esc(t.party) },
          body: c.cookies.map((k) => ({ name: esc(k.name), purpose: esc(k.purpose), lifetime: esc(k.lifetime), party: esc(k.party) })),
        };
      }
      sections.push(section);
    }
    const policy = meta.dataset.policy;
    const translation = {
      consentModal: {
        title: esc(t.title),
        description: esc(t.description) + (gpc ? " " + esc(t.gpc) : ""),
        acceptAllBtn: esc(t["accept-all"]),
        acceptNecessaryBtn: esc(t["reject-all"]),
        showPreferencesBtn: esc(t.settings),
        footer: policy ? '<a href="' + esc(policy) + '">' + esc(t.policy) + "</a>" : "",
      },
      preferencesModal: {
        title: esc(t["preferences-title"]),
        acceptAllBtn: esc(t["accept-all"]),
        acceptNecessaryBtn: esc(t["reject-all"]),
        savePreferencesBtn: esc(t.save),
        closeIconLabel: esc(t.close),
        sections,
      },
    };
    document.documentElement.dataset.consentGpc = String(gpc);
    CC.run({
      revision: cfg.revision,
      hideFromBots: true,
      cookie: { name: cfg.cookie.name, path: cfg.cookie.path, expiresAfterDays: cfg.cookie.days, sameSite: "Lax" },
      guiOptions: {
        consentModal: { layout: "box", position: "bottom right", equalWeightButtons: true },
        preferencesModal: { layout: "box", equalWeightButtons: true },
      },
      categories,
      language: { default: cfg.language, translations: { [cfg.language]: translation } },
      onFirstConsent: () => record("banner"),
      onConsent: startAnalytics,
      onChange: () => {
        startAnalytics();
        return record("settings");
      },
    }).then(() => {
      document.documentElement.dataset.consentReady = "true";
    });
  }

  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-cookie-settings]");
    if (button) CC.showPreferences();
  });

  fetch(base + "/config", { credentials: "same-origin" })
    .then((r) => r.json())
    .then(start)
    .catch(() => {});
})();
