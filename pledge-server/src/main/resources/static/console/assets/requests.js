// The queue's chart: requests received per week (bars) and the share answered on time (a line on
// its own 0–100 % axis), from the numbers in the canvas's data attributes — no inline script, the
// console's CSP runs only files from this server. The same numbers are in the table below it.
(function () {
  'use strict';

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function parse(canvas, name) {
    try {
      return JSON.parse(canvas.getAttribute('data-' + name) || '[]');
    } catch (e) {
      return [];
    }
  }

  function draw() {
    var canvas = document.querySelector('canvas[data-chart="requests"]');
    if (!canvas || typeof Chart === 'undefined') {
      return;
    }
    var titles = parse(canvas, 'titles');
    var muted = cssVar('--muted');
    var grid = cssVar('--chart-grid');
    var bars = cssVar('--chart-visitors');
    var line = cssVar('--chart-pageviews');
    new Chart(canvas, {
      data: {
        labels: parse(canvas, 'labels'),
        datasets: [
          {
            type: 'bar',
            label: 'Received',
            data: parse(canvas, 'opened'),
            backgroundColor: bars,
            borderRadius: 4,
            yAxisID: 'count'
          },
          {
            type: 'line',
            label: 'Answered on time (%)',
            data: parse(canvas, 'on-time'),
            borderColor: line,
            backgroundColor: line,
            pointBackgroundColor: line,
            spanGaps: true,
            tension: 0.3,
            borderWidth: 2,
            pointRadius: 3,
            yAxisID: 'percent'
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: {
            position: 'bottom',
            labels: { color: muted, usePointStyle: true, boxWidth: 8, boxHeight: 8 }
          },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? titles[items[0].dataIndex] : '';
              }
            }
          }
        },
        scales: {
          x: { grid: { display: false }, ticks: { color: muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 9 } },
          count: {
            position: 'left', beginAtZero: true, grid: { color: grid }, border: { display: false },
            ticks: { color: muted, precision: 0, maxTicksLimit: 6 }
          },
          percent: {
            position: 'right', min: 0, max: 100, grid: { display: false }, border: { display: false },
            ticks: { color: muted, maxTicksLimit: 6, callback: function (v) { return v + '%'; } }
          }
        }
      }
    });
    canvas.setAttribute('data-rendered', 'true');
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
