// The story page's timeline: open an event to see its trajectory; move the "as of" slider to
// see the events as known on that day (fetched from the JSON API, background ones included,
// and split as the page is: salient in the list, background in the fold below it). Text goes
// in as text only.
(function () {
  "use strict";
  var section = document.getElementById("timeline");
  if (!section) return;
  var list = document.getElementById("events");
  var fold = document.getElementById("background");
  var folded = document.getElementById("background-events");
  var slider = document.getElementById("asof");
  var label = document.getElementById("asof-label");

  function toggle(button) {
    var steps = button.parentElement.querySelector(".trajectory");
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    if (steps) steps.hidden = open;
  }
  section.addEventListener("click", function (event) {
    var button = event.target.closest(".event-head");
    if (button) toggle(button);
  });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function eventDate(e) {
    if (e.date && e.date.value) return e.date.value;
    if (e.date && e.date.end) return "by " + e.date.end;
    return "\u2014";
  }
  function item(e) {
    var node = element("li", "event status-" + e.status);
    var head = element("button", "event-head");
    head.type = "button";
    head.setAttribute("aria-expanded", "false");
    head.append(element("span", "date", eventDate(e)), element("span", "status", e.status),
                element("span", "title", e.title));
    var steps = element("ol", "trajectory");
    steps.hidden = true;
    e.trajectory.forEach(function (s) {
      var step = element("li", "status-" + s.status);
      step.append(element("span", "date", (s.as_of || "undated") + (s.estimated ? "~" : "")), " ",
                  element("span", "status", s.status), s.cue ? " (" + s.cue + ") " : " ",
                  element("q", null, s.evidence));
      steps.appendChild(step);
    });
    node.append(head, steps);
    return node;
  }
  function render(events) {
    var salient = events.filter(function (e) { return !e.background; });
    var background = events.filter(function (e) { return e.background; });
    list.replaceChildren.apply(list, salient.map(item));
    if (!salient.length) {
      list.appendChild(element("li", "empty",
                               background.length ? "Only background events." : "No dated events."));
    }
    if (!fold) return;
    folded.replaceChildren.apply(folded, background.map(item));
    fold.querySelector("summary").textContent =
      background.length + " background event" + (background.length === 1 ? "" : "s");
    fold.hidden = !background.length;
  }
  if (!slider) return;
  var days = slider.dataset.days.split(",");
  slider.addEventListener("input", function () { label.textContent = days[slider.value]; });
  slider.addEventListener("change", function () {
    var day = days[slider.value];
    var url = section.dataset.api + "?story=" + encodeURIComponent(section.dataset.story) +
              "&as_of=" + encodeURIComponent(day) + "&all=true";
    section.setAttribute("aria-busy", "true");
    fetch(url).then(function (r) { return r.json(); }).then(function (events) {
      render(events);
      section.dataset.asOf = day;
      section.removeAttribute("aria-busy");
    });
  });
})();
