// A form that is sending is not sent again by a second click; the server also acts once per
// form (form_token), so this only spares a useless request. Buttons are not disabled: their
// name and value must still reach the server.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.method || form.method.toLowerCase() !== "post" || form.hasAttribute("hx-post")) return;
  if (form.dataset.sending) { event.preventDefault(); return; }
  form.dataset.sending = "1";
  form.classList.add("is-sending");
});
// Coming back to the page (browser Back) makes its forms usable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sending]").forEach(function (form) {
    delete form.dataset.sending;
    form.classList.remove("is-sending");
  });
});
