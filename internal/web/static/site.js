// newsdesk progressive enhancements. Every page works without this file;
// it only adds what needs a script: copying the article link and the
// browser's own share sheet.
(function () {
  "use strict";

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
})();
