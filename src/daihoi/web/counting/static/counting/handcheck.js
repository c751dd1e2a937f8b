// The seed read back in groups of five digits as it is typed, so the hall can check it aloud.
(function () {
  var seed = document.getElementById("hc-seed");
  var back = document.getElementById("hc-seed-back");
  if (!seed || !back) return;
  function show() {
    var digits = seed.value.replace(/\s+/g, "");
    var groups = digits.match(/.{1,5}/g) || [];
    back.textContent = digits ? groups.join(" ") + " (" + digits.length + ")" : "";
  }
  seed.addEventListener("input", show);
  show();
})();
