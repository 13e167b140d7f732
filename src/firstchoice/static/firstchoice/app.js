// Small behaviours of the pages, wired by data- attributes (the Content-Security-Policy
// allows no inline script or on…= handler):
//   data-confirm="Question?"  on a form or its submit button: ask before submitting
//   data-print                on a button: print the page
//   data-select-all           on an input: select its text when clicked (feed URLs)
//   data-remove-closest="li"  on a button: remove that ancestor (ignore a suggestion)
//   data-autosubmit           on a select: submit its form when changed
//   data-nav-toggle           on a button: open/close the navigation on a narrow screen
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-print]")) { window.print(); return; }
    var toggle = target.closest("[data-nav-toggle]");
    if (toggle) {
      var bar = toggle.closest(".topbar");
      var open = !bar.classList.contains("nav-open");
      bar.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    var select = target.closest("[data-select-all]");
    if (select) { select.select(); return; }
    var remover = target.closest("[data-remove-closest]");
    if (remover) {
      var gone = remover.closest(remover.dataset.removeClosest);
      if (gone) { gone.remove(); }
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.requestSubmit();
    }
  });
})();
