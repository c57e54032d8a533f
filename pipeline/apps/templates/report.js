(function () {
  var label = document.getElementById("filter-label");
  var source = document.getElementById("filter-source");
  var shown = document.getElementById("shown");
  var items = document.querySelectorAll("article.item");
  function apply() {
    var l = label.value, s = source.value, n = 0;
    items.forEach(function (item) {
      var labels = item.getAttribute("data-labels").split(" ");
      var visible = (!s || item.getAttribute("data-source") === s) &&
                    (!l || labels.indexOf(l) >= 0);
      item.classList.toggle("hidden", !visible);
      if (visible) { n += 1; }
    });
    document.querySelectorAll("a.entity").forEach(function (mark) {
      mark.classList.toggle("muted", !!l && mark.getAttribute("data-label") !== l);
    });
    document.querySelectorAll("tr.entity-row").forEach(function (row) {
      row.classList.toggle("hidden", !!l && row.getAttribute("data-label") !== l);
    });
    shown.textContent = n + " of " + items.length + " items shown";
  }
  label.addEventListener("change", apply);
  source.addEventListener("change", apply);
  apply();
})();
