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

  // Live totals. A [data-sum] block adds up its [data-sum-part] inputs as
  // they are typed, read as the server reads money (spaces ignored; the last
  // "." or "," followed by at most data-sum-scale digits is the decimal
  // mark; the other marks group digits). [data-sum-total] shows the sum and
  // [data-sum-left] data-sum-base minus it, in the page's money format
  // (data-sum-zero is zero written by the server: its text around the digits
  // is the currency symbol). [data-sum-flag] elements get their class when
  // what is left is below zero, or not zero in a data-sum-exact block. An
  // amount that cannot be read counts as nothing, as on the server.
  function readMinor(text, scale) {
    var s = String(text).replace(/[\s\u00a0\u202f]/g, "");
    if (s === "") { return 0; }
    var whole = s, frac = "";
    var i = Math.max(s.lastIndexOf("."), s.lastIndexOf(","));
    if (i >= 0 && s.length - i - 1 <= scale && s.length - i - 1 > 0) { whole = s.slice(0, i); frac = s.slice(i + 1); }
    whole = whole.replace(/[.,]/g, "") || "0";
    if (!/^\d+$/.test(whole) || !/^\d*$/.test(frac)) { return 0; }
    while (frac.length < scale) { frac += "0"; }
    return Number(whole) * Math.pow(10, scale) + Number(frac || "0");
  }
  function writeMoney(box, minor, scale) {
    var zero = box.getAttribute("data-sum-zero") || "";
    var m = zero.match(/^(.*?)(\d(?:[\d.,\u00a0\u202f ]*\d)?)(.*)$/);
    var num = new Intl.NumberFormat(document.documentElement.lang || "en", {
      minimumFractionDigits: scale, maximumFractionDigits: scale }).format(minor / Math.pow(10, scale));
    return m ? m[1] + num + m[3] : num;
  }
  function refreshSum(box) {
    var scale = Number(box.getAttribute("data-sum-scale") || "2");
    var sum = 0;
    box.querySelectorAll("[data-sum-part]").forEach(function (input) { sum += readMinor(input.value, scale); });
    var left = Number(box.getAttribute("data-sum-base") || "0") - sum;
    var off = box.hasAttribute("data-sum-exact") ? left !== 0 : left < 0;
    // A block's own outputs: not those of a block inside it (a table's
    // rows may each be a block of their own).
    var own = function (sel, fn) {
      box.querySelectorAll(sel).forEach(function (el) {
        if (el.closest("[data-sum]") === box) { fn(el); }
      });
    };
    own("[data-sum-total]", function (el) { el.textContent = writeMoney(box, sum, scale); });
    own("[data-sum-left]", function (el) { el.textContent = writeMoney(box, left, scale); });
    own("[data-sum-flag]", function (el) { el.classList.toggle(el.getAttribute("data-sum-flag"), off); });
  }
  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("[data-sum-part]")) { return; }
    for (var box = input.closest("[data-sum]"); box; box = box.parentElement && box.parentElement.closest("[data-sum]")) {
      refreshSum(box);
    }
  });

  // Forms that end something for good ask once more before they post.
  document.addEventListener("submit", function (e) {
    var q = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (q && !window.confirm(q)) { e.preventDefault(); }
  });
})();
