// A workshop participant's page (/join): spares the reloads; the page works without it.
//
// - A form marked data-enhance is posted with fetch; the page the server answers (a taken
//   post's page with its address in X-Totem-Location, a join's redirect, or the refusal)
//   replaces <main> and the language links, and the address becomes the page's.
// - A dot chosen on a candidate is posted at once (its "Save" button is hidden).
// - Every two seconds the candidates' section is asked again; the server answers 304 while it
//   is unchanged. Nothing is polled while a post is on its way or the page is hidden.
// Every text comes from the server already escaped: this script never builds markup.
"use strict";

(function () {
  document.documentElement.classList.add("js");
  var EVERY_MS = 2000;
  var busy = false;
  var polling = false;
  // Counts the posts: a poll answered after a post began shows what was before it, so it is
  // dropped (the post's own answer, or the next poll, shows the newer state).
  var posts = 0;

  function focusAfter(main, previousId) {
    var invalid = main.querySelector("[aria-invalid='true'], .error");
    var target = invalid || (previousId && document.getElementById(previousId));
    if (!target) {
      var status = document.getElementById("status");
      target = status && status.textContent.trim() ? status : null;
    }
    if (target) {
      if (!target.matches("input, select, textarea, button, a")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  function replaceMain(html, previousId) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var main = next.getElementById("main");
    if (!main) {
      return false;
    }
    document.getElementById("main").replaceWith(main);
    // The language links carry the page's place (the token once joined): theirs too.
    var header = next.querySelector("header");
    if (header) {
      document.querySelector("header").replaceWith(header);
    }
    document.documentElement.lang = next.documentElement.lang;
    document.title = next.title;
    focusAfter(main, previousId);
    return true;
  }

  function cleanAddress(url) {
    var address = new URL(url);
    address.searchParams.delete("done");
    history.replaceState(null, "", address.pathname + address.search + address.hash);
  }

  function post(form, previousId) {
    if (busy) {
      return;
    }
    busy = true;
    posts += 1;
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "X-Totem-Fetch": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (!replaceMain(html, previousId)) {
            return;
          }
          // A taken post answers with the page and its address (a join, with a redirect).
          var address = response.headers.get("X-Totem-Location");
          if (address) {
            history.replaceState(null, "", address);
          } else if (response.redirected) {
            cleanAddress(response.url);
          }
        });
      })
      .catch(function () {
        form.removeAttribute("aria-busy");
        form.submit();
      })
      .finally(function () {
        busy = false;
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-enhance]")) {
      event.preventDefault();
      post(form, document.activeElement && document.activeElement.id);
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest("form.vote");
    if (form && input.name === "votes") {
      post(form, input.id);
    }
  });

  function poll() {
    var section = document.getElementById("candidates");
    if (!section || busy || polling || document.visibilityState !== "visible") {
      return;
    }
    // The section carries the tag of what it shows: the server answers 304 while it holds.
    var headers = section.dataset.etag ? { "If-None-Match": section.dataset.etag } : {};
    var asked = posts;
    polling = true;
    fetch(section.dataset.list, { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        return response.status === 200 ? response.text() : null;
      })
      .then(function (html) {
        var current = document.getElementById("candidates");
        if (!html || busy || asked !== posts || !current) {
          return;
        }
        var focused = document.activeElement && document.activeElement.id;
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var fresh = holder.content.getElementById("candidates");
        if (fresh) {
          current.replaceWith(fresh);
          var again = focused && document.getElementById(focused);
          if (again) {
            again.focus();
          }
        }
      })
      .catch(function () {})
      .finally(function () {
        polling = false;
      });
  }

  window.setInterval(poll, EVERY_MS);
})();
