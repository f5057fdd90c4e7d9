/*
 * Pledge: single-use links (request confirmation, export download) carry their code in the
 * fragment, "#t=CODE". A browser never sends the fragment to a server, so the code reaches no
 * access log, no proxy and no Referer. This script puts it into the page's form and takes it out
 * of the address bar; the person's press of the button sends it, as a POST. Without this script
 * the form asks for the code, which the e-mail also gives.
 */
(function () {
  'use strict';
  var form = document.querySelector('form[data-token-form]');
  if (!form) {
    return;
  }
  var input = form.querySelector('input[name=token]');
  var match = /^#(?:.*&)?t=([0-9A-Za-z_-]{1,200})(?:&|$)/.exec(window.location.hash);
  if (match) {
    input.value = match[1];
  }
  if (match || window.location.search) {
    // Out of the address bar, the history and any bookmark: the form holds the code now.
    window.history.replaceState(null, '', window.location.pathname);
  }
  if (input.value) {
    var field = form.querySelector('[data-token-field]');
    if (field) {
      field.hidden = true;
    }
  }
})();
