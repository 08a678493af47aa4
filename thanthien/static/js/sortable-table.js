// Sort a table.sortable by a column when its header button is clicked; cells carry data-value.
(function () {
  document.querySelectorAll("table.sortable").forEach(function (table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (header, column) {
      const button = header.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = header.dataset.sort === "number";
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).filter(function (row) { return row.cells.length > column; });
        rows.sort(function (a, b) {
          const x = a.cells[column].dataset.value, y = b.cells[column].dataset.value;
          const order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "vi");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
