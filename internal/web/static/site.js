// newsdesk progressive enhancements. Every page works without this file;
// it only adds what needs a script: live search under the header's search
// box, copying the article link, the browser's own share sheet, the
// comment form moving under the comment a reader replies to, and the
// form filled with the name, email and website the reader asked this
// browser to remember.
(function () {
  "use strict";

  // appendMarked appends the search API's highlighted HTML to el as text
  // and <mark> elements. The server escapes it and marks matches with
  // <mark> only; anything else is written as text, never parsed as markup.
  function appendMarked(el, html) {
    var decoder = document.createElement("textarea");
    var marked = false;
    String(html || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        return;
      }
      if (!part) return;
      decoder.innerHTML = part; // a textarea only decodes entities
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        el.appendChild(mark);
      } else {
        el.appendChild(text);
      }
    });
  }

  // liveSearch shows up to eight results under the search box while the
  // reader types, with the form's filters, from the second character on.
  // Arrow keys move through them, Enter opens the chosen one (or submits
  // the form to the full results page when none is chosen), Escape closes
  // the list. Without this script the form simply submits.
  function liveSearch(form) {
    var input = form.querySelector('input[name="q"]');
    var row = form.querySelector(".search-row");
    if (!input || !row || typeof fetch !== "function" || typeof URLSearchParams !== "function") return;
    var minChars = 2, delay = 180, limit = 8;

    var box = document.createElement("div");
    box.className = "live";
    box.hidden = true;
    var list = document.createElement("ul");
    list.id = (input.id || "search-q") + "-live";
    list.className = "live-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    var status = document.createElement("p");
    status.className = "live-status";
    status.setAttribute("role", "status");
    var more = document.createElement("a");
    more.className = "live-more";
    more.textContent = "More results";
    box.appendChild(list);
    box.appendChild(status);
    box.appendChild(more);
    row.insertAdjacentElement("afterend", box);
    // Pressing the mouse in the list leaves the focus in the search box,
    // so the list stays open until the click opens a result.
    box.addEventListener("mousedown", function (e) { e.preventDefault(); });

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = 0, seq = 0, controller = null, options = [], active = -1, shownFor = null;

    // params are the form's current filters with the query q; empty
    // values (the "All" choices) are left out.
    function params(q) {
      var p = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string" && value !== "" && name !== "q") p.append(name, value);
      });
      // All three fields is the default; the address is shorter without.
      if (p.getAll("in").length === 3) p.delete("in");
      p.set("q", q);
      return p;
    }

    function openBox() {
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function closeBox() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      select(-1);
    }

    function select(i) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = i;
      if (i < 0 || !options[i]) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      if (options[i].scrollIntoView) options[i].scrollIntoView({ block: "nearest" });
    }

    function option(item, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.className = "live-item";
      a.href = item.path || item.url;
      a.tabIndex = -1;
      var thumb = document.createElement(item.image ? "img" : "span");
      thumb.className = "live-thumb";
      if (item.image) {
        thumb.src = item.image;
        thumb.alt = "";
        thumb.width = 64;
        thumb.height = 36;
        thumb.loading = "lazy";
        thumb.decoding = "async";
      }
      var text = document.createElement("span");
      text.className = "live-text";
      var title = document.createElement("span");
      title.className = "live-title";
      appendMarked(title, item.title_html);
      var meta = document.createElement("span");
      meta.className = "live-meta";
      meta.textContent = [item.source, item.date].filter(Boolean).join(" · ");
      text.appendChild(title);
      text.appendChild(meta);
      if (item.snippet) {
        var snippet = document.createElement("span");
        snippet.className = "live-snippet";
        appendMarked(snippet, item.snippet);
        text.appendChild(snippet);
      }
      a.appendChild(thumb);
      a.appendChild(text);
      li.appendChild(a);
      li.addEventListener("mouseenter", function () { select(i); });
      return li;
    }

    function show(q, body) {
      var items = body.items || [];
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items.forEach(function (item, i) {
        var li = option(item, i);
        options.push(li);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      // A capped count means more matches than counted; with none shown,
      // the live search stopped in the recent part of the archive and
      // the full page searches all of it.
      var capped = body.total_capped === true;
      var count = body.total === 1 && !capped ? "1 result" : (body.total || 0) + (capped ? "+" : "") + " results";
      var quoted = "\u201c" + q.trim() + "\u201d";
      status.textContent = items.length ? count
        : capped ? "No recent results for " + quoted + ": search the whole archive below."
        : "No results for " + quoted + ".";
      if (body.notice) status.textContent = body.notice + " " + status.textContent;
      more.href = "/search?" + params(q).toString();
      more.hidden = items.length === 0 && !capped;
      shownFor = q;
      openBox();
    }

    function showMessage(text) {
      list.textContent = "";
      list.hidden = true;
      options = [];
      select(-1);
      status.textContent = text;
      more.hidden = true;
      shownFor = null;
      openBox();
    }

    function run() {
      var q = input.value;
      if (controller) controller.abort();
      controller = null;
      // Every request, and every change that makes one moot, gets a new
      // number: an answer that is not the latest one is dropped, so a
      // slow early answer never replaces a newer one.
      var mine = ++seq;
      if (q.trim().length < minChars) {
        closeBox();
        return;
      }
      if (typeof AbortController === "function") controller = new AbortController();
      var p = params(q);
      p.set("live", "1");
      p.set("limit", String(limit));
      fetch("/api/v1/search?" + p.toString(), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
      }).then(function (res) {
        if (mine !== seq) return;
        if (res.ok) {
          show(q, res.body);
        } else {
          showMessage((res.body && res.body.error) || "Search is not available right now.");
        }
      }, function (err) {
        if (mine !== seq || (err && err.name === "AbortError")) return;
        showMessage("Search is not available right now.");
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, delay);
    }

    input.addEventListener("input", function () {
      select(-1); // a choice made for other words no longer holds
      schedule();
    });
    // A filter changed in the panel refreshes the open list.
    form.addEventListener("change", function (e) {
      if (e.target !== input && input.value.trim().length >= minChars) schedule();
    });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing) return;
      switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        if (!options.length || (box.hidden && shownFor !== input.value)) return;
        e.preventDefault();
        if (box.hidden) openBox();
        var n = options.length;
        if (e.key === "ArrowDown") {
          select(active < n - 1 ? active + 1 : 0);
        } else {
          select(active > 0 ? active - 1 : n - 1);
        }
        break;
      case "Enter":
        if (openChosen()) e.preventDefault();
        // Otherwise the form submits to the full results page.
        break;
      case "Escape":
        if (!box.hidden) {
          e.preventDefault();
          closeBox();
        }
        break;
      }
    });
    // openChosen goes to the result chosen with the arrow keys, if any.
    function openChosen() {
      if (box.hidden || active < 0 || !options[active]) return false;
      window.location.assign(options[active].querySelector("a").href);
      return true;
    }
    // Enter can reach the form as a submission even when its keydown was
    // handled (a keypress some input methods and automation send apart):
    // with a result chosen, that result is what the reader asked for.
    form.addEventListener("submit", function (e) {
      if (openChosen()) e.preventDefault();
    });
    input.addEventListener("focus", function () {
      if (options.length && shownFor === input.value) openBox();
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) closeBox();
    });
  }

  document.querySelectorAll('form[role="search"]').forEach(liveSearch);

  function announce(row, text) {
    var status = row && row.querySelector(".share-status");
    if (status) status.textContent = text;
  }

  // copyText uses the Clipboard API where the page may, and falls back to
  // a selected text field and execCommand for older or insecure contexts.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(field);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.querySelectorAll("[data-copy-url]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var row = btn.closest(".share");
      var url = btn.getAttribute("data-copy-url");
      copyText(url).then(function () {
        announce(row, "Link copied.");
      }, function () {
        announce(row, "Could not copy; the link is " + url);
      });
    });
  });

  if (typeof navigator.share === "function") {
    document.querySelectorAll("[data-share-url]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () {
        navigator.share({
          title: btn.getAttribute("data-share-title") || document.title,
          url: btn.getAttribute("data-share-url")
        }).catch(function () {
          // The reader closed the share sheet; nothing to report.
        });
      });
    });
  }

  // commentReplies moves the "Leave a Reply" form under the comment whose
  // Reply link is clicked, instead of loading the page again with
  // ?replytocom, and back to its place when the reply is cancelled.
  function commentReplies() {
    var respond = document.getElementById("respond");
    var home = document.getElementById("respond-home");
    var parentField = document.getElementById("comment_parent");
    var cancel = document.getElementById("cancel-comment-reply-link");
    var toName = respond && respond.querySelector(".reply-to-name");
    if (!respond || !home || !parentField || !cancel || !toName) return;
    var textarea = document.getElementById("comment");

    function moveUnder(id, name) {
      var li = document.getElementById("comment-" + id);
      if (!li || li.tagName !== "LI") return false;
      var body = li.querySelector(".comment-body");
      (body && body.parentNode === li ? body : li.firstElementChild || li).insertAdjacentElement("afterend", respond);
      parentField.value = id;
      toName.textContent = " to " + name;
      cancel.hidden = false;
      return true;
    }

    document.addEventListener("click", function (e) {
      var link = e.target && e.target.closest ? e.target.closest(".comment-reply-link") : null;
      if (!link) return;
      if (moveUnder(link.getAttribute("data-reply-to"), link.getAttribute("data-reply-name") || "")) {
        e.preventDefault();
        if (textarea) textarea.focus();
      }
    });
    cancel.addEventListener("click", function (e) {
      e.preventDefault();
      home.insertAdjacentElement("afterend", respond);
      parentField.value = "0";
      toName.textContent = "";
      cancel.hidden = true;
      var reply = document.getElementById("reply-title");
      if (reply) reply.scrollIntoView({ block: "nearest" });
    });
    // A page opened from a Reply link (?replytocom) shows the form under
    // that comment too.
    if (parentField.value && parentField.value !== "0") {
      var link = document.querySelector('.comment-reply-link[data-reply-to="' + parentField.value.replace(/[^0-9]/g, "") + '"]');
      if (link) moveUnder(parentField.value, link.getAttribute("data-reply-name") || "");
    }
  }

  // rememberedCommenter fills the comment form's empty name, email and
  // website from the newsdesk_commenter cookie the server sets when the
  // reader ticks "Save my name, email, and website in this browser". The
  // pages themselves never carry them.
  function rememberedCommenter() {
    var form = document.getElementById("commentform");
    if (!form || typeof URLSearchParams !== "function") return;
    var raw = null;
    document.cookie.split(";").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === "newsdesk_commenter") raw = part.slice(eq + 1).trim();
    });
    if (!raw) return;
    if (raw.charAt(0) === '"' && raw.charAt(raw.length - 1) === '"') raw = raw.slice(1, -1);
    var saved = new URLSearchParams(raw);
    var filled = false;
    ["author", "email", "url"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      var value = saved.get(name);
      if (field && value && !field.value) {
        field.value = value;
        filled = true;
      }
    });
    var remember = form.elements.namedItem("remember");
    if (filled && remember) remember.checked = true;
  }

  commentReplies();
  rememberedCommenter();
  // A form that came back with errors: the summary is announced and the
  // keyboard starts there.
  var formErrors = document.getElementById("comment-form-errors");
  if (formErrors) formErrors.focus();
})();
