// Draws the dashboard's chart from the numbers in the canvas's data attributes (no inline script:
// the console's CSP runs only files from this server). Runs again after htmx swaps in a new range.
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

  function draw(root) {
    if (typeof Chart === 'undefined') {
      return;
    }
    var canvases = (root || document).querySelectorAll('canvas[data-chart="trend"]');
    canvases.forEach(function (canvas) {
      var existing = Chart.getChart(canvas);
      if (existing) {
        existing.destroy();
      }
      var labels = parse(canvas, 'labels');
      var titles = parse(canvas, 'titles');
      var visitors = cssVar('--chart-visitors');
      var pageviews = cssVar('--chart-pageviews');
      var muted = cssVar('--muted');
      var grid = cssVar('--chart-grid');
      var dense = labels.length > 45;
      var line = function (label, data, color, fill) {
        return {
          label: label,
          data: data,
          borderColor: color,
          backgroundColor: fill ? color + '22' : color,
          pointBackgroundColor: color,
          fill: fill,
          tension: 0.3,
          cubicInterpolationMode: 'monotone',
          borderWidth: 2,
          pointRadius: dense ? 0 : 3,
          pointHoverRadius: 5
        };
      };
      new Chart(canvas, {
        type: 'line',
        data: {
          labels: labels,
          datasets: [
            line('Visitors', parse(canvas, 'visitors'), visitors, true),
            line('Page views', parse(canvas, 'pageviews'), pageviews, false)
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
            x: {
              grid: { display: false },
              ticks: { color: muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 10 }
            },
            y: {
              beginAtZero: true,
              grid: { color: grid },
              border: { display: false },
              ticks: { color: muted, precision: 0, maxTicksLimit: 6 }
            }
          }
        }
      });
      canvas.setAttribute('data-rendered', 'true');
    });
  }

  if (window.htmx) {
    // htmx.onLoad runs for the first page and again for every swapped-in range.
    window.htmx.onLoad(draw);
  } else if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { draw(document); });
  } else {
    draw(document);
  }
})();
