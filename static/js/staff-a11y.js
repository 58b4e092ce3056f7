// Wagtail's rich text editor (Draftail) leaves its editing area without an accessible name;
// give it the name of its field's label, also for editors added later (inline panels).
(function () {
  "use strict";
  function label(root) {
    var boxes = root.querySelectorAll(
      '[contenteditable="true"][role="textbox"]:not([aria-label]):not([aria-labelledby])'
    );
    boxes.forEach(function (box) {
      var wrapper = box.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
      if (!wrapper) return;
      var input = wrapper.querySelector("input[id], textarea[id]");
      var found = input ? document.querySelector('label[for="' + input.id + '"]') : null;
      found = found || wrapper.querySelector("label");
      if (!found) return;
      if (!found.id) found.id = (input ? input.id : "rich-text") + "-label";
      box.setAttribute("aria-labelledby", found.id);
    });
  }
  new MutationObserver(function () {
    label(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    label(document);
  });
})();
