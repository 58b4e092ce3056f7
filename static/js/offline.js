/* Reading without a signal (home/offline.py, /sw.js). Written into every page at the end of
   <body> ({% inline_js %}); enhancements only: every page works without it. */
(function () {
  "use strict";
  var script = document.currentScript;

  // A form sent without a signal is not sent: say so, and keep what was typed on the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine !== false || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    event.preventDefault();
    var alert = form.previousElementSibling;
    if (!alert || !alert.hasAttribute("data-offline-alert")) {
      alert = document.createElement("p");
      alert.className = "notice notice--error";
      alert.setAttribute("role", "alert");
      alert.setAttribute("data-offline-alert", "");
      form.parentNode.insertBefore(alert, form);
    }
    alert.textContent = script.getAttribute("data-not-sent");
  }, true);

  if (!("serviceWorker" in navigator) || !script) { return; }
  var controlled = !!navigator.serviceWorker.controller;

  // After the page has loaded, so that the worker never competes with the page itself.
  function start() {
    navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (!controlled && registration.active) {
        registration.active.postMessage({ type: "keep", url: location.href });
      }
      document.querySelectorAll("[data-save-offline]").forEach(function (button) {
        offerSaving(button, registration);
      });
    }).catch(function () {});
  }

  function offerSaving(button, registration) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var channel = new MessageChannel();
      button.disabled = true;
      channel.port1.onmessage = function (message) {
        button.disabled = false;
        status.textContent = button.getAttribute(message.data.saved ? "data-saved" : "data-failed");
      };
      registration.active.postMessage({ type: "save", url: location.href.split("#")[0] }, [channel.port2]);
    });
  }

  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
