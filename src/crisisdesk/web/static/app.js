// crisisdesk dashboard: the little behaviour pages need beyond links. No inline script anywhere
// (the Content-Security-Policy forbids it); everything here works on server-rendered markup.
(function () {
  "use strict";

  // Article page: show one event's (or quote's) evidence without a reload, and keep the address shareable.
  function select(kind, key) {
    var text = document.getElementById("article-text");
    if (!text) return false;
    var marks = text.querySelectorAll(".m-" + kind);
    var found = false;
    document.querySelectorAll(".m.evidence").forEach(function (el) { el.classList.remove("evidence"); });
    document.querySelectorAll(".record.selected").forEach(function (el) { el.classList.remove("selected"); });
    marks.forEach(function (el) {
      if (el.getAttribute("data-" + kind) === key) { el.classList.add("evidence"); found = true; }
    });
    var rec = document.getElementById("rec-" + kind.charAt(0) + "-" + key);
    if (rec) rec.classList.add("selected");
    var first = document.getElementById(kind.charAt(0) + "-" + key);
    if (first) first.scrollIntoView({ block: "center" });
    return found;
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a.event-link, a.quote-link") : null;
    if (link && document.getElementById("article-text")) {
      var kind = link.classList.contains("event-link") ? "event" : "quote";
      if (select(kind, link.getAttribute("data-" + kind))) {
        ev.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
      }
      return;
    }
    // A click on a marked event or quote in the text selects it and shows its record.
    var mark = ev.target.closest ? ev.target.closest("#article-text .m-event, #article-text .m-quote") : null;
    if (mark && !ev.target.closest("a")) {
      var k = mark.classList.contains("m-event") ? "event" : "quote";
      select(k, mark.getAttribute("data-" + k));
      var record = document.getElementById("rec-" + k.charAt(0) + "-" + mark.getAttribute("data-" + k));
      if (record) record.scrollIntoView({ block: "nearest" });
    }
  });
})();
