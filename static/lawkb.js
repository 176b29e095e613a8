// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Leave quickly: replace this page in the history (so Back does not return here) with a neutral site.
  function leave(event) {
    var link = document.getElementById("quick-exit");
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var exit = document.getElementById("quick-exit");
    if (exit) {
      exit.addEventListener("click", leave);
      document.addEventListener("keydown", function (e) { if (e.key === "Escape") { leave(e); } });
    }
    // Map and chart: show the answer of the place (or year) under the pointer or keyboard focus.
    var info = document.getElementById("map-info") || document.getElementById("chart-info");
    if (info) {
      document.querySelectorAll("[data-label]").forEach(function (el) {
        var show = function () { info.textContent = el.getAttribute("data-label"); };
        el.addEventListener("mouseenter", show);
        el.addEventListener("focus", show);
      });
    }
    // Question and region menus: apply on change (the button stays for keyboard and no-script use).
    document.querySelectorAll("form.map-form select, form select#region").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // Compare: at most four places; grey out the rest once four are ticked.
    var picker = document.getElementById("compare-picker");
    if (picker) {
      var boxes = picker.querySelectorAll("input[type=checkbox]");
      var limit = function () {
        var ticked = picker.querySelectorAll("input[type=checkbox]:checked").length;
        boxes.forEach(function (b) { b.disabled = !b.checked && ticked >= 4; });
      };
      boxes.forEach(function (b) { b.addEventListener("change", limit); });
      limit();
    }
  });
})();
