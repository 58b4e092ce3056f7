/* Progressive enhancement for the booking pages; every page works without it. */
(function () {
  "use strict";

  // The schedule's "go to date" form submits as soon as a date is picked.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    var input = form.querySelector("input[type=date]");
    if (!input) { return; }
    input.addEventListener("change", function () {
      if (input.value) { form.submit(); }
    });
  });

  // On the schedule, offer to hide times that cannot be booked online.
  var week = document.querySelector(".week");
  if (week && document.querySelector(".slot--open")) {
    var label = document.documentElement.lang === "en" ? "Show only free times" : "Tampilkan hanya waktu kosong";
    var wrapper = document.createElement("p");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "only-free";
    var text = document.createElement("label");
    text.htmlFor = "only-free";
    text.textContent = " " + label;
    wrapper.className = "field__check";
    wrapper.appendChild(box);
    wrapper.appendChild(text);
    week.parentNode.insertBefore(wrapper, week);
    box.addEventListener("change", function () {
      document.querySelectorAll(".slots").forEach(function (list) {
        list.classList.toggle("is-compact", box.checked);
      });
    });
  }

  // On the request form, keep the end after the start when the start moves.
  var start = document.getElementById("id_start_time");
  var end = document.getElementById("id_end_time");
  if (start && end) {
    start.addEventListener("change", function () {
      if (!start.value) { return; }
      end.min = start.value;
      if (!end.value || end.value <= start.value) {
        var parts = start.value.split(":");
        var minutes = parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10) + 60;
        var hh = String(Math.floor(minutes / 60) % 24).padStart(2, "0");
        var mm = String(minutes % 60).padStart(2, "0");
        end.value = hh + ":" + mm;
      }
    });
  }
})();
