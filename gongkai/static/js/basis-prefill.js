// 办理结果: choosing a decision type fills in its usual legal basis (the page works without it).
(function () {
  var data = document.getElementById("basis-prefill");
  var select = document.getElementById("id_decision_decision_type"), basis = document.getElementById("id_decision_basis");
  if (!data || !select || !basis) return;
  var map = JSON.parse(data.textContent);
  select.addEventListener("change", function () { basis.value = map[select.value] || ""; });
})();
