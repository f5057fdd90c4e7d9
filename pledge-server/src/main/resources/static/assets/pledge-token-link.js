/*
 * Pledge: single-use links (request confirmation, export download) carry their code in the
 * fragment, "#t=CODE". A browser never sends the fragment to a server, so the code reaches no
 * access log, no proxy and no Referer. This script puts it into the page's form and takes it out
 * of the address bar; the person's press of the button sends it, as a POST. Without this script
 * the form asks for the code, which the e-mail also gives.
 *
 * A form with data-state-url first asks there (a POST, the code in the body) whether the link can
 * still be used; a used or expired link is then shown as such instead of the button.
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
    var stateUrl = form.getAttribute('data-state-url');
    if (stateUrl && window.fetch) {
      fetch(stateUrl, {
        method: 'POST',
        credentials: 'omit',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: 'token=' + encodeURIComponent(input.value)
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (answer && answer.state !== 'usable' && answer.message) {
          var note = document.querySelector('[data-field=link-state]');
          note.textContent = answer.message;
          note.hidden = false;
          note.setAttribute('data-state', answer.state);
          form.remove(); // not just hidden: a stylesheet may give the form a display of its own
        }
      }).catch(function () {
        // Unknown: the button stays, and the download answers for itself.
      });
    }
  }
  // A page that only reads (the request's status) goes on by itself; one that spends the code
  // (a confirmation, a download) waits for the person's press.
  if (match && form.hasAttribute('data-token-submit')) {
    form.submit();
  }
})();
