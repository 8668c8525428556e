// desk.js: the article form's live preview and character counts. The
// form works without it: its "Preview" button renders on the server.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  var body = document.getElementById("body");
  var preview = document.getElementById("preview");
  if (!form || !body || !preview) {
    return;
  }
  var csrf = form.querySelector('input[name="csrf"]').value;
  var timer = null;
  var sent = 0;

  // The server renders and sanitizes the Markdown exactly as it will
  // on the site; the answer is shown as it comes, newest request only.
  function render() {
    var n = ++sent;
    var data = new FormData();
    data.append("csrf", csrf);
    data.append("body", body.value);
    fetch("/admin/articles/preview", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (out) {
        if (n !== sent) {
          return;
        }
        if (out.error) {
          preview.textContent = out.error;
          return;
        }
        preview.innerHTML = out.html || '<p class="hint">Nothing to show yet.</p>';
      })
      .catch(function () {
        if (n === sent) {
          preview.textContent = "The preview could not be loaded; use the Preview button.";
        }
      });
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(render, 400);
  });
  if (body.value.trim() !== "" && preview.querySelector(".hint")) {
    render();
  }

  // "12 / 300" under fields with a data-count limit.
  Array.prototype.forEach.call(form.querySelectorAll("[data-count]"), function (field) {
    var max = parseInt(field.getAttribute("data-count"), 10);
    var out = document.createElement("span");
    out.className = "hint desk-count";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    function update() {
      var n = Array.from(field.value).length;
      out.textContent = n + " / " + max + " characters";
    }
    field.addEventListener("input", update);
    update();
  });
})();
