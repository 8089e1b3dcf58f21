// crisisdesk dashboard: the little behaviour pages need beyond links. No inline script anywhere
// (the Content-Security-Policy forbids it); everything here works on server-rendered markup.
(function () {
  "use strict";

  // Article page: a click on a marked event or quote in the text opens its evidence view, the same
  // address its entry in the side list links to (the server highlights it, so the address can be shared).
  document.addEventListener("click", function (ev) {
    if (!ev.target.closest || ev.target.closest("a")) return;
    var mark = ev.target.closest("#article-text .m-event, #article-text .m-quote");
    if (!mark) return;
    var kind = mark.classList.contains("m-event") ? "event" : "quote";
    var link = document.querySelector("aside a." + kind + "-link[data-" + kind + "='" + CSS.escape(mark.getAttribute("data-" + kind)) + "']");
    if (link) window.location.assign(link.getAttribute("href"));
  });
})();
