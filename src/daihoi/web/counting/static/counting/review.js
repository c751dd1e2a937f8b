// The review queue by keyboard. On the list: N opens the first page waiting for this member.
// On a page: digits toggle a name, V valid, I invalid (then the reason, Enter), Z zoom, Enter
// decides. A number typed just before Enter counts: Enter applies it first.
(function () {
  "use strict";
  var start = document.getElementById("review-start");
  if (start) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.key === "n" || event.key === "N") && !/INPUT|SELECT|TEXTAREA/.test(event.target.tagName)) {
        event.preventDefault();
        start.click();
      }
    });
    start.dataset.keys = "ready";
  }
  var form = document.getElementById("decide-form");
  if (!form) return;
  var image = document.getElementById("page-image");
  function zoom() { if (image) image.classList.toggle("zoomed"); }
  if (image) image.addEventListener("click", zoom);
  var typed = "";
  var timer = null;
  function applyTyped() {
    clearTimeout(timer);
    if (typed) {
      var box = form.querySelector('input[data-key="' + typed + '"]');
      if (box) box.checked = !box.checked;
    }
    typed = "";
  }
  function decide() {
    applyTyped();
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (event.target.tagName === "SELECT") {
      // The reasons list: arrows choose; Enter decides; V goes back to valid.
      if (key === "Enter") {
        event.preventDefault();
        decide();
      } else if (key === "v" || key === "V") {
        event.preventDefault();
        document.getElementById("ruling-valid").checked = true;
        event.target.blur();
      }
      return;
    }
    if (key >= "0" && key <= "9") {
      typed += key;
      clearTimeout(timer);
      timer = setTimeout(applyTyped, 350);
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
      decide();
    }
  });
  form.dataset.keys = "ready"; // the keys work from now on (a test waits for this)
})();
