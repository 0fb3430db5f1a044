// Accessible names for what select2 and Django's tabular inlines build without one
// (stories/admin/a11y.py names the rest on the server). select2 rebuilds its search box
// on every choice, so the names are given again whenever the page changes.
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) return select.getAttribute("aria-label");
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameSearchBoxes(root) {
    // A single choice box is labelled by the text of its choice, which is empty until
    // something is chosen; the search box of a multiple choice has no label at all.
    var boxes = ".select2-container .select2-search__field, .select2-selection__rendered[id]";
    root.querySelectorAll(boxes).forEach(function (box) {
      if (box.getAttribute("aria-label")) return;
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (select && select.tagName === "SELECT") {
        box.setAttribute("aria-label", nameOf(select));
      }
    });
  }

  function hideMouseOnlyClear(root) {
    // select2's "clear all" cross is a bare span inside its list of choices: mouse-only
    // (the keyboard removes choices one by one), so screen readers need not meet it.
    root.querySelectorAll(".select2-selection__clear:not([aria-hidden])").forEach(function (x) {
      x.setAttribute("aria-hidden", "true");
    });
  }

  function nameInlineHeaders(root) {
    // The first column of a saved inline row holds the row's name, not an input.
    root.querySelectorAll("table thead th.original:empty").forEach(function (th) {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = window.gettext ? window.gettext("Saved item") : "Saved item";
      th.appendChild(hidden);
    });
  }

  function run() {
    nameSearchBoxes(document);
    hideMouseOnlyClear(document);
    nameInlineHeaders(document);
    new MutationObserver(function () {
      nameSearchBoxes(document);
      hideMouseOnlyClear(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
