// On a narrow screen the console's navigation folds behind a Menu button. Without this script the
// button stays hidden and the links simply wrap, so every page is still reachable.
(function () {
  'use strict';
  function init() {
    var bar = document.querySelector('.topbar');
    var button = bar && bar.querySelector('.nav-toggle');
    if (!button) {
      return;
    }
    button.hidden = false;
    bar.classList.add('collapsible');
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      bar.classList.toggle('nav-open', open);
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
