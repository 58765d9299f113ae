/* Live updates for the classroom board (ES5, no libraries; the pages work without it).
 *
 * A page part with data-live (the fragment's address), data-changes (the board's
 * api/v1/changes address: the board may live under a prefix such as /services/board/) and
 * data-latest (the board's change number when the page was made) is refreshed when
 * api/v1/changes says the board changed:
 * the part is fetched again, rendered by the server, and swapped in. A polite live region
 * says "New posts". Nothing runs while the learner types in a field inside that part.
 */
(function () {
  "use strict";
  var EVERY_MS = 4000;
  var live = document.getElementById("live");
  var news = document.getElementById("news");
  if (!live || !window.XMLHttpRequest) { return; }
  var changes = live.getAttribute("data-changes") || "/api/v1/changes?since=";
  var latest = parseInt(live.getAttribute("data-latest"), 10) || 0;
  var busy = false;

  function get(url, done, json) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, true);
    xhr.setRequestHeader("Accept", json ? "application/json" : "text/html");
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 4) { done(xhr.status === 200 ? xhr.responseText : null); }
    };
    xhr.send(null);
  }

  function typing() {
    var el = document.activeElement;
    return el && live.contains(el) && (el.tagName === "TEXTAREA" || el.tagName === "INPUT");
  }

  function swap(newest) {
    get(live.getAttribute("data-live"), function (html) {
      busy = false;
      if (html === null) { return; }
      live.innerHTML = html;
      latest = newest;
      live.setAttribute("data-latest", String(newest));
      if (news) {
        news.textContent = live.getAttribute("data-news") || "";
        window.setTimeout(function () { news.textContent = ""; }, 5000);
      }
    });
  }

  function poll() {
    if (busy || document.hidden || typing()) { return; }
    busy = true;
    get(changes + latest, function (text) {
      var newest = latest;
      try { newest = text === null ? latest : JSON.parse(text).latest; } catch (e) { newest = latest; }
      if (typeof newest === "number" && newest > latest) { swap(newest); } else { busy = false; }
    }, true);
  }

  window.setInterval(poll, EVERY_MS);
}());
