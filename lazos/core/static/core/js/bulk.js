// Bulk selection on register lists (core/includes/bulk_bar.html). Without this script the
// "all on this page" box still works: the server reads the page's ids from the bar's form.
(function () {
  "use strict";
  if (window.lazosBulk) { return; }  // htmx runs the script again after each refresh
  window.lazosBulk = true;
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement)) { return; }
    var rows = document.querySelectorAll("input[data-bulk-row]");
    var page = document.querySelector("input[data-bulk-page]");
    if (box.hasAttribute("data-bulk-page")) {
      rows.forEach(function (row) { row.checked = box.checked; });
    } else if (box.hasAttribute("data-bulk-row") && page) {
      var ticked = Array.prototype.filter.call(rows, function (row) { return row.checked; });
      page.checked = ticked.length === rows.length;
      page.indeterminate = ticked.length > 0 && ticked.length < rows.length;
    }
  });
})();
