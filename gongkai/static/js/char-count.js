// 字数提示: every field rendered with data-maxlength shows how many characters it holds and how
// many it may hold. Nothing is cut: an over-long value is refused by the server with its length.
(function () {
  function length(field) {
    var value = field.value;
    // A browser sends a textarea's line breaks as CR LF, and the server counts both.
    if (field.tagName === "TEXTAREA") value = value.replace(/\r?\n/g, "\r\n");
    return Array.from(value).length;
  }
  function update(field, counter) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10), used = length(field);
    if (used > limit) {
      counter.textContent = "已输入 " + used + " 个字，超出 " + (used - limit) + " 个字（最多 " + limit + " 个字）";
      counter.classList.add("over");
    } else {
      counter.textContent = "已输入 " + used + " / " + limit + " 个字";
      counter.classList.remove("over");
    }
  }
  function attach(field) {
    var counter = field.id && document.getElementById(field.id + "_count");
    if (!counter || !field.getAttribute("data-maxlength")) return;
    update(field, counter);
    field.addEventListener("input", function () { update(field, counter); });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-maxlength]"), attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
