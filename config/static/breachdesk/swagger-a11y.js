// Swagger UI draws its servers menu without a label: name it once it appears.
(function () {
  "use strict";
  function label() {
    var menu = document.getElementById("servers");
    if (menu && !menu.hasAttribute("aria-label")) {
      menu.setAttribute("aria-label", "Servers");
    }
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
})();
