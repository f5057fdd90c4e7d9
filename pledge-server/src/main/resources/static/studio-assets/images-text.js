// The editor's text panel (images.text): "Find the text" asks the server for the lines of the
// shown version (read in an edit worker), lists them, and choosing one fills the replace-text form
// with that line's box and text for the person to retype. The form itself is an ordinary edit
// (images.js sends it and follows the job); without script it replaces by the text typed in.
// Served by Pledge; no inline script (the CSP forbids it). Text is set with textContent only.
"use strict";
(() => {
  const $ = (s, root = document) => root.querySelector(s);

  function panel(root) {
    const detect = $("form[data-detect-text]", root);
    const status = $("[data-text-status]", root);
    const list = $("[data-text-lines]", root);
    const form = $("form[data-replace-text-form]", root);
    const box = $("[data-text-box]", form);
    const old = $("[data-text-old]", form);
    const find = $("#replace-find", form);
    const retyped = $("#replace-new", form);
    const button = $("[data-detect-text-button]", detect);
    detect.hidden = false;

    function unchoose() {
      box.value = "";
      old.value = "";
      list.querySelectorAll("button[aria-pressed=true]").forEach((b) => {
        b.setAttribute("aria-pressed", "false");
      });
    }

    function choose(line, button) {
      unchoose();
      // The corners as detect-text gave them, clockwise from the text's top-left.
      box.value = line.box.map((p) => p[0] + "," + p[1]).join(",");
      old.value = line.text;
      find.value = line.text;
      retyped.value = line.text;
      button.setAttribute("aria-pressed", "true");
      status.textContent = root.getAttribute("data-chosen");
      retyped.focus();
      retyped.select();
    }

    function show(answer) {
      list.replaceChildren();
      const lines = Array.isArray(answer.lines) ? answer.lines : [];
      lines.forEach((line, i) => {
        const item = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.className = "text-line";
        b.setAttribute("aria-pressed", "false");
        b.setAttribute("data-line", String(i));
        b.textContent = line.text;
        b.addEventListener("click", () => choose(line, b));
        item.appendChild(b);
        list.appendChild(item);
      });
      list.hidden = lines.length === 0;
      status.textContent = root.getAttribute(lines.length ? "data-found" : "data-none");
    }

    detect.addEventListener("submit", async (e) => {
      e.preventDefault();
      button.disabled = true;
      status.textContent = root.getAttribute("data-reading");
      root.setAttribute("data-state", "reading");
      try {
        const r = await fetch(detect.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          body: new URLSearchParams(new FormData(detect)),
        });
        const answer = await r.json();
        if (r.ok) {
          show(answer);
          root.setAttribute("data-state", "found");
        } else {
          status.textContent = answer.error || root.getAttribute("data-failed");
          root.setAttribute("data-state", "failed");
        }
      } catch (err) {
        status.textContent = root.getAttribute("data-failed");
        root.setAttribute("data-state", "failed");
      } finally {
        button.disabled = false;
      }
    });

    // Typing another text to find means another line than the one chosen.
    find.addEventListener("input", unchoose);
  }

  function start() {
    document.querySelectorAll("[data-text-panel]").forEach(panel);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
