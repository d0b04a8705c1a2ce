/// Quartier's own small script (`/static/quartier.js`): comfort only, every page works without it.
/// The indicator form checks the formula and previews the values while the planner types.
public enum Script {
    public static let js = """
    (function () {
      "use strict";
      var form = document.getElementById("indicator-form");
      var target = document.getElementById("vorschau");
      if (!form || !target || !window.fetch) { return; }
      var timer = null, running = 0;
      function check() {
        var body = new URLSearchParams(new FormData(form));
        body.set("aktion", "vorschau");
        var mine = ++running;
        fetch(form.getAttribute("data-preview"), { method: "POST", body: body, credentials: "same-origin",
          headers: { "Content-Type": "application/x-www-form-urlencoded" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null && mine === running) { target.innerHTML = html; } })
          .catch(function () {});
      }
      form.addEventListener("input", function () {
        if (timer) { clearTimeout(timer); }
        timer = setTimeout(check, 400);
      });
    })();
    """
}
