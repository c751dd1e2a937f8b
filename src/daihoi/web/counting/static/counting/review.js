// The review page by keyboard: digits toggle a name, V valid, I invalid, Z zoom, Enter decides.
(function () {
  "use strict";
  var form = document.getElementById("decide-form");
  if (!form) return;
  var image = document.getElementById("page-image");
  function zoom() { if (image) image.classList.toggle("zoomed"); }
  if (image) image.addEventListener("click", zoom);
  var typed = "";
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (key >= "0" && key <= "9") {
      typed += key;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var box = form.querySelector('input[data-key="' + typed + '"]');
        if (box) box.checked = !box.checked;
        typed = "";
      }, 350);
      event.preventDefault();
    } else if (key === "v" || key === "V") {
      document.getElementById("ruling-valid").checked = true;
    } else if (key === "i" || key === "I") {
      document.getElementById("ruling-invalid").checked = true;
      document.getElementById("reason").focus();
    } else if (key === "z" || key === "Z") {
      zoom();
    } else if (key === "Enter" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  form.dataset.keys = "ready"; // the keys work from now on (a test waits for this)
})();
