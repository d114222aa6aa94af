// kintsugi review pages: sortable index, finding-to-finding navigation, original/cleaned toggle.
(function () {
  "use strict";

  // Index: click a column header to sort by it (numbers numerically); click again to reverse.
  document.querySelectorAll("table.sortable th").forEach(function (header, column) {
    header.addEventListener("click", function () {
      var body = header.closest("table").tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = header.dataset.order !== "ascending";
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.value || a.cells[column].textContent;
        var y = b.cells[column].dataset.value || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? order : -order;
      });
      header.dataset.order = ascending ? "ascending" : "descending";
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  var original = document.getElementById("original");
  var cleaned = document.getElementById("cleaned");
  var toggle = document.getElementById("toggle");
  if (!original) { return; }

  function showCleaned(show) {
    cleaned.classList.toggle("hidden", !show);
    original.classList.toggle("hidden", show);
    toggle.textContent = show ? "Show the original with findings" : "Show the cleaned text";
    toggle.setAttribute("aria-pressed", show ? "true" : "false");
  }
  toggle.addEventListener("click", function () {
    showCleaned(cleaned.classList.contains("hidden"));
  });

  // n / j: next finding, p / k: previous, t: toggle. The side list follows the current finding.
  var findings = Array.prototype.slice.call(document.querySelectorAll("mark[id^='f']"));
  var current = -1;
  function go(index) {
    if (findings.length === 0) { return; }
    showCleaned(false);
    current = (index + findings.length) % findings.length;
    document.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
    var mark = findings[current];
    mark.classList.add("current");
    mark.focus();
    var item = document.getElementById("item-" + mark.id);
    if (item) { item.classList.add("current"); }
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "n" || event.key === "j") { go(current + 1); event.preventDefault(); }
    if (event.key === "p" || event.key === "k") { go(current - 1); event.preventDefault(); }
    if (event.key === "t") { toggle.click(); event.preventDefault(); }
  });
})();
