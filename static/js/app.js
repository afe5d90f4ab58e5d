// Puente's small script. Every page works without it; it only improves them.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // htmx requests carry the CSRF token in a header, like forms carry _csrf.
  document.addEventListener("htmx:configRequest", function (e) {
    if (meta) { e.detail.headers["X-CSRF-Token"] = meta.content; }
  });

  // The language menu submits itself when JavaScript is on.
  document.querySelectorAll(".lang-switch select").forEach(function (sel) {
    var btn = sel.form && sel.form.querySelector("button");
    if (btn) { btn.classList.add("visually-hidden"); }
    sel.addEventListener("change", function () { sel.form.submit(); });
  });

  // The navigation collapses behind a button on narrow screens.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }

  // A file over the size limit is refused before the form is sent: the
  // server would refuse the whole request, and with it what was typed.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches('input[type="file"][data-max-bytes]')) { return; }
    var max = Number(input.getAttribute("data-max-bytes"));
    var big = Array.prototype.some.call(input.files || [], function (f) { return f.size > max; });
    var id = input.id + "-size-error";
    var old = document.getElementById(id);
    if (old) { old.remove(); }
    if (big) {
      var p = document.createElement("p");
      p.className = "field-error";
      p.id = id;
      p.textContent = input.getAttribute("data-too-large");
      input.insertAdjacentElement("afterend", p);
      input.value = "";
    }
  });

  // Forms that end something for good ask once more before they post.
  document.addEventListener("submit", function (e) {
    var q = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (q && !window.confirm(q)) { e.preventDefault(); }
  });
})();
