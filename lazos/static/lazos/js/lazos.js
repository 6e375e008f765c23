/* Lazos — small progressive enhancements. No inline scripts anywhere (CSP). */
(function () {
  "use strict";

  // Accessible combobox for [data-autocomplete] widgets (ARIA 1.2 combobox with listbox).
  function setupAutocomplete(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector("[data-autocomplete-input]");
    var hidden = root.querySelector("[data-autocomplete-value]");
    var list = root.querySelector("[data-autocomplete-list]");
    var status = root.querySelector("[data-autocomplete-status]");
    var url = root.dataset.url;
    var active = -1;
    var timer = null;
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function choose(li) {
      hidden.value = li.dataset.value;
      input.value = li.textContent;
      close();
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function render(results) {
      list.innerHTML = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.dataset.value = r.id;
        li.textContent = r.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      var count = results.length;
      status.textContent = count ? status.dataset.templateCount.replace("%(count)s", count) : status.dataset.templateNone;
      list.hidden = count === 0;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      active = -1;
    }
    function search() {
      var q = input.value.trim();
      hidden.value = "";
      if (q.length < 2) { render([]); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, signal: controller.signal })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && !list.hidden && active >= 0) { e.preventDefault(); choose(list.querySelectorAll("li")[active]); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // Close an open <details> menu with Escape, and when clicking elsewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      d.removeAttribute("open");
      d.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });

  // Phones: the staff header's search, menus and navigation fold behind one "Menu" button
  // (hidden without JavaScript, when everything stays shown; CSS folds only on narrow screens).
  function setupNavToggle() {
    var button = document.querySelector("[data-nav-toggle]");
    if (!button) return;
    var header = button.closest(".site-header");
    header.classList.add("site-header--foldable");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("site-header--open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Tables that turn into cards on phones (table.cards): every cell carries its column's
  // name, shown before its value; explicit roles keep the table's meaning for screen readers
  // once CSS lays its rows out as blocks.
  function labelCells(scope) {
    scope.querySelectorAll("table.cards").forEach(function (table) {
      var names = [];
      table.setAttribute("role", "table");
      table.querySelectorAll("thead tr, tbody tr").forEach(function (tr) { tr.setAttribute("role", "row"); });
      table.querySelectorAll("thead, tbody").forEach(function (group) { group.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("thead th").forEach(function (th) {
        th.setAttribute("role", "columnheader");
        names.push(th.textContent.replace(/\s+/g, " ").trim());
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (names[i] && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  // A saved view keeps the list as it is now: after filtering in place (htmx pushes the
  // address), the form takes the current query string rather than the one of the first load.
  document.addEventListener("submit", function (e) {
    var form = e.target.closest ? e.target.closest("[data-saved-view-form]") : null;
    if (form) form.querySelector("input[name=query]").value = window.location.search.replace(/^\?/, "");
  });

  function init(scope) {
    (scope || document).querySelectorAll("[data-autocomplete]").forEach(setupAutocomplete);
    labelCells(scope || document);
  }
  document.addEventListener("DOMContentLoaded", setupNavToggle);
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
