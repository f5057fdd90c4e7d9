// The billing pages' behaviour on top of pages that work without it: the credits chart (Chart.js,
// served by Pledge at /billing/chart.js; its numbers are also in the table beside it), the
// invoice's print button, and a page that waits for the payment processor's confirmation
// checking again by itself. No inline script anywhere (the CSP forbids it).
"use strict";
(() => {
  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  onReady(() => {
    document.querySelectorAll("[data-print]").forEach((b) =>
      b.addEventListener("click", () => window.print()));

    const waiting = document.querySelector("a[data-refresh]");
    if (waiting) setTimeout(() => location.assign(waiting.href), 2000);

    const canvas = document.querySelector("canvas[data-credits-chart]");
    if (!canvas || !window.Chart) return;
    const d = JSON.parse(canvas.dataset.creditsChart);
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const ink = dark ? "#c9c6e0" : "#4a4766";
    const grid = dark ? "rgba(255,255,255,.08)" : "rgba(0,0,0,.06)";
    canvas.dataset.drawn = "true";
    new window.Chart(canvas, {
      data: {
        labels: d.labels,
        datasets: [
          { type: "bar", label: d.names.used, data: d.used, yAxisID: "used",
            backgroundColor: "rgba(124,108,255,.55)", borderRadius: 3 },
          { type: "line", label: d.names.balance, data: d.balance, yAxisID: "balance",
            borderColor: "#ff7ab6", backgroundColor: "#ff7ab6", pointRadius: 0, tension: .2 },
          { type: "line", label: d.names.forecast, data: d.forecast, yAxisID: "balance",
            borderColor: "#ff7ab6", backgroundColor: "#ff7ab6", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { labels: { color: ink } } },
        scales: {
          x: { ticks: { color: ink, maxTicksLimit: 8 }, grid: { color: grid } },
          used: { position: "left", beginAtZero: true, ticks: { color: ink }, grid: { color: grid } },
          balance: { position: "right", beginAtZero: true, ticks: { color: ink },
            grid: { drawOnChartArea: false } },
        },
      },
    });
  });
})();
