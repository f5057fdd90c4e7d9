/* Pledge analytics: first-party and cookieless. Sets no cookie, reads and writes no storage,
   keeps no identifier; the server reduces what it receives before storing anything. */
(function (w, d) {
  var s = d.currentScript, api = s.getAttribute('data-api') || s.src.replace(/\/assets\/[^\/]*$/, '/api/event');
  var base = { d: s.getAttribute('data-domain') || location.hostname, u: location.href };
  var shown = 0, since = Date.now(), depth = 0;
  function send(body, beacon) {
    var json = JSON.stringify(body);
    if (beacon && navigator.sendBeacon) {
      navigator.sendBeacon(api, new Blob([json], { type: 'text/plain' }));
    } else if (w.fetch) {
      fetch(api, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: json, keepalive: true })['catch'](function () {});
    }
  }
  function scroll() {
    var h = d.documentElement.scrollHeight, v = w.innerHeight + w.scrollY;
    depth = Math.max(depth, Math.min(100, Math.round(v / (h || 1) * 100)));
  }
  function visibility() {
    if (d.visibilityState === 'hidden') {
      shown += Date.now() - since;
      if (shown > 0) send({ n: 'engagement', d: base.d, u: base.u, e: shown, sd: depth }, true);
      shown = 0;
    } else {
      since = Date.now();
    }
  }
  // Links to other sites and file downloads, when the policy declares those events: the link's
  // address only, which the server scrubs like a page address.
  var outbound = s.hasAttribute('data-outbound'), files = s.hasAttribute('data-downloads');
  if (outbound || files) d.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
    if (!a || !/^https?:$/.test(a.protocol)) return;
    if (files && (a.hasAttribute('download') || /\.(pdf|zip|gz|png|jpe?g|gif|svg|webp|avif|csv|txt|mp3|mp4)$/i.test(a.pathname))) {
      send({ n: 'File Download', d: base.d, u: base.u, p: { url: a.href } }, true);
    } else if (outbound && a.host !== location.host) {
      send({ n: 'Outbound Link: Click', d: base.d, u: base.u, p: { url: a.href } }, true);
    }
  }, true);
  w.addEventListener('scroll', scroll, { passive: true });
  d.addEventListener('visibilitychange', visibility);
  scroll();
  send({ n: s.getAttribute('data-event') || 'pageview', d: base.d, u: base.u, r: d.referrer || null });
})(window, document);
