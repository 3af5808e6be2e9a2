/* Breachdesk: live countdowns, the phone menu, UTC on hover, "now" buttons and confirmations.
   Plain script, no dependencies; every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var HOUR = 3600;
  var URGENT = 6 * HOUR;
  var SOON = 24 * HOUR;
  var TONES = ["tone-overdue", "tone-urgent", "tone-soon", "tone-ok", "tone-none"];

  function strings() {
    var node = document.getElementById("bd-strings");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (error) {
      return {};
    }
  }
  // Read when the page has been parsed: the strings come after this script in the document.
  var TEXT = {};

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  // The same shape as the server's duration_text: "2d 03:14:05" or "03:14:05".
  function durationText(seconds) {
    var total = Math.floor(Math.abs(seconds));
    var days = Math.floor(total / 86400);
    var rest = total % 86400;
    var clock = pad(Math.floor(rest / HOUR)) + ":" + pad(Math.floor((rest % HOUR) / 60)) + ":" + pad(rest % 60);
    return days ? days + (TEXT.day || "d") + " " + clock : clock;
  }

  function tone(seconds) {
    if (seconds < 0) return "tone-overdue";
    if (seconds < URGENT) return "tone-urgent";
    if (seconds < SOON) return "tone-soon";
    return "tone-ok";
  }

  function tick() {
    var now = Date.now();
    var nodes = document.querySelectorAll(".countdown[data-due]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var due = Date.parse(node.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var seconds = (due - now) / 1000;
      var template = seconds < 0 ? TEXT.overdue || "overdue by {time}" : TEXT.left || "{time} left";
      var text = template.replace("{time}", durationText(seconds));
      if (node.textContent !== text) node.textContent = text;
      var wanted = tone(seconds);
      if (!node.classList.contains(wanted)) {
        node.classList.remove.apply(node.classList, TONES);
        node.classList.add(wanted);
      }
    }
  }

  // Times the server rendered carry a UTC title; add one to any <time> that lacks it.
  function utcTitles() {
    var nodes = document.querySelectorAll("time[datetime]:not([title])");
    for (var i = 0; i < nodes.length; i++) {
      var value = new Date(nodes[i].getAttribute("datetime"));
      if (!isNaN(value)) {
        nodes[i].title = value.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
      }
    }
  }

  function menu() {
    var bar = document.querySelector(".appbar");
    var button = document.querySelector(".nav-toggle");
    if (!bar || !button) return;
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The wall-clock time now in an IANA zone, formatted for a datetime-local input.
  function wallClockNow(zone) {
    var parts = {};
    var format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
    });
    format.formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute + ":" + parts.second;
  }

  function nowButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-now-for]");
      if (!button) return;
      var input = document.getElementById(button.getAttribute("data-now-for"));
      var zoneSelect = document.getElementById(button.getAttribute("data-zone-from"));
      if (!input) return;
      try {
        input.value = wallClockNow(zoneSelect ? zoneSelect.value : "UTC");
      } catch (error) {
        return;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }

  function confirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) event.preventDefault();
    });
  }

  function start() {
    TEXT = strings();
    menu();
    nowButtons();
    confirmations();
    utcTitles();
    tick();
    window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
