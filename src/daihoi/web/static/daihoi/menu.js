// The side menu is a <details> rendered open (so it works without JavaScript). On a phone it is
// folded after loading, leaving the page to the content; on a wide screen it is always open.
(function () {
  var menu = document.getElementById("menu");
  if (!menu) return;
  var wide = window.matchMedia("(min-width: 48.01rem)");
  function fit() { menu.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
