// The image editor and gallery on top of pages that work without script: uploads show their
// progress, edits run as jobs whose progress is shown live, the image is drawn on a canvas with
// zoom and pan, a slider compares a version with its parent, and keyboard shortcuts work.
// Served by Pledge; no inline script (the CSP forbids it).
"use strict";
(() => {
  const $ = (s, root = document) => root.querySelector(s);
  const $$ = (s, root = document) => Array.from(root.querySelectorAll(s));

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // Forms that delete something ask first.
  function confirmations() {
    $$("form[data-confirm]").forEach((f) => {
      const question = f.getAttribute("data-confirm");
      if (!question) return;
      f.addEventListener("submit", (e) => {
        if (!window.confirm(question)) e.preventDefault();
      });
    });
  }

  // Uploads: the same form, sent with a progress bar; the server answers with the editor or
  // with the page and its refusal.
  function uploads() {
    $$("form[data-upload]").forEach((form) => {
      form.addEventListener("submit", (e) => {
        const file = $("input[type=file]", form);
        if (!file || !file.files.length) return;
        e.preventDefault();
        const bar = $(".upload-progress", form);
        const button = $("button[type=submit]", form);
        bar.hidden = false;
        button.disabled = true;
        const xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.upload.addEventListener("progress", (p) => {
          if (p.lengthComputable) bar.value = Math.round((p.loaded / p.total) * 100);
        });
        xhr.addEventListener("load", () => {
          if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
            window.location.assign(xhr.responseURL);
            return;
          }
          const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
          const refusal = $("[data-refusal]", page);
          const old = $("[data-refusal]");
          if (old) old.remove();
          if (refusal) form.closest("section").before(document.importNode(refusal, true));
          bar.hidden = true;
          button.disabled = false;
        });
        xhr.addEventListener("error", () => {
          bar.hidden = true;
          button.disabled = false;
        });
        xhr.send(new FormData(form));
      });
    });
  }

  // ---- the editor ------------------------------------------------------------------------

  function editor(main) {
    const jobs = main.getAttribute("data-jobs");
    const editorUrl = main.getAttribute("data-editor");
    const box = $("[data-job]", main);
    const bar = $("[data-job-progress]", main);
    const text = $("[data-job-message]", main);

    function poll(job) {
      box.hidden = false;
      box.classList.remove("failed");
      $$("form[data-edit] button[type=submit]", main).forEach((b) => (b.disabled = true));
      const tick = async () => {
        let state;
        try {
          const r = await fetch(jobs + job, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          });
          state = await r.json();
        } catch (e) {
          setTimeout(tick, 1500);
          return;
        }
        bar.value = state.progress || 0;
        text.textContent = state.error || state.message || "";
        box.setAttribute("data-state", state.state);
        if (state.state === "succeeded") {
          window.location.assign(editorUrl + "?v=" + encodeURIComponent(state.version));
        } else if (state.state === "failed") {
          box.classList.add("failed");
          $$("form[data-edit] button[type=submit]", main).forEach((b) => (b.disabled = false));
        } else {
          setTimeout(tick, 600);
        }
      };
      tick();
    }

    $$("form[data-edit]", main).forEach((form) => {
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const body = new URLSearchParams(new FormData(form));
        let answer;
        try {
          const r = await fetch(form.action, {
            method: "POST",
            credentials: "same-origin",
            headers: { Accept: "application/json" },
            body,
          });
          answer = await r.json();
        } catch (err) {
          form.submit();
          return;
        }
        if (answer.job) {
          poll(answer.job);
        } else {
          box.hidden = false;
          box.classList.add("failed");
          bar.value = 0;
          text.textContent = answer.error || "";
        }
      });
    });
    const pending = main.getAttribute("data-pending");
    if (pending) poll(pending);

    stage(main);
  }

  // The image on a canvas: zoom (buttons, keys, wheel), pan (drag), compare (slider).
  function stage(main) {
    const viewport = $("[data-viewport]", main);
    if (!viewport) return;
    const shown = $("[data-shown-img]", viewport);
    const before = $("[data-before-img]", viewport);
    const canvas = $("[data-canvas]", viewport);
    const level = $("[data-zoom-level]", main);
    const compareBox = $("[data-compare]", main);
    const range = $("[data-compare-range]", main);
    const ctx = canvas.getContext("2d");
    let scale = 1;
    let ox = 0;
    let oy = 0;
    let comparing = false;

    function size() {
      const w = viewport.clientWidth;
      const h = Math.max(240, Math.min(window.innerHeight * 0.7, 720));
      const r = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * r);
      canvas.height = Math.round(h * r);
      canvas.style.width = w + "px";
      canvas.style.height = h + "px";
      return { w, h, r };
    }

    function fit() {
      const { w, h } = size();
      scale = Math.min(w / shown.naturalWidth, h / shown.naturalHeight, 1);
      ox = (w - shown.naturalWidth * scale) / 2;
      oy = (h - shown.naturalHeight * scale) / 2;
      draw();
    }

    function draw() {
      const r = window.devicePixelRatio || 1;
      ctx.setTransform(r, 0, 0, r, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.imageSmoothingQuality = "high";
      const w = shown.naturalWidth * scale;
      const h = shown.naturalHeight * scale;
      if (comparing && before && before.complete && before.naturalWidth) {
        const split = ox + (w * Number(range.value)) / 100;
        ctx.drawImage(before, ox, oy, w, h);
        ctx.save();
        ctx.beginPath();
        ctx.rect(split, 0, canvas.width, canvas.height);
        ctx.clip();
        ctx.drawImage(shown, ox, oy, w, h);
        ctx.restore();
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(split - 1, oy, 2, h);
      } else {
        ctx.drawImage(shown, ox, oy, w, h);
      }
      if (level) level.textContent = Math.round(scale * 100) + "%";
    }

    function zoom(factor, cx, cy) {
      const { w, h } = { w: canvas.clientWidth, h: canvas.clientHeight };
      const x = cx === undefined ? w / 2 : cx;
      const y = cy === undefined ? h / 2 : cy;
      const next = Math.min(16, Math.max(0.02, scale * factor));
      ox = x - ((x - ox) * next) / scale;
      oy = y - ((y - oy) * next) / scale;
      scale = next;
      draw();
    }

    function actual() {
      const { w, h } = { w: canvas.clientWidth, h: canvas.clientHeight };
      scale = 1;
      ox = (w - shown.naturalWidth) / 2;
      oy = (h - shown.naturalHeight) / 2;
      draw();
    }

    function toggleCompare() {
      if (!before) return;
      comparing = !comparing;
      compareBox.hidden = !comparing;
      main.classList.toggle("comparing", comparing);
      draw();
    }

    const start = () => {
      shown.hidden = true;
      canvas.hidden = false;
      fit();
    };
    if (shown.complete && shown.naturalWidth) start();
    else shown.addEventListener("load", start);
    if (before) before.addEventListener("load", draw);
    window.addEventListener("resize", fit);

    $$("[data-zoom]", main).forEach((b) =>
      b.addEventListener("click", () => {
        const z = b.getAttribute("data-zoom");
        if (z === "in") zoom(1.25);
        else if (z === "out") zoom(0.8);
        else if (z === "fit") fit();
        else actual();
      }),
    );
    const compareButton = $("[data-compare-toggle]", main);
    if (compareButton) compareButton.addEventListener("click", toggleCompare);
    if (range) range.addEventListener("input", draw);

    canvas.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const rect = canvas.getBoundingClientRect();
        zoom(e.deltaY < 0 ? 1.1 : 0.9, e.clientX - rect.left, e.clientY - rect.top);
      },
      { passive: false },
    );
    let drag = null;
    canvas.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, ox, oy };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drag) return;
      ox = drag.ox + e.clientX - drag.x;
      oy = drag.oy + e.clientY - drag.y;
      draw();
    });
    canvas.addEventListener("pointerup", () => (drag = null));

    document.addEventListener("keydown", (e) => {
      const t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
      const undo = $("[data-undo]", main);
      switch (e.key) {
        case "+":
        case "=":
          zoom(1.25);
          break;
        case "-":
          zoom(0.8);
          break;
        case "0":
          fit();
          break;
        case "1":
          actual();
          break;
        case "u":
        case "U":
          if (undo) window.location.assign(undo.href);
          break;
        case "c":
        case "C":
          toggleCompare();
          break;
        case "p":
        case "P": {
          const prompt = $("[data-prompt]", main);
          if (prompt) {
            e.preventDefault();
            prompt.focus();
          }
          break;
        }
        default:
          return;
      }
    });
  }

  onReady(() => {
    confirmations();
    uploads();
    const main = $("main.editor");
    if (main) editor(main);
  });
})();
