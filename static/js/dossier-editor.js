// The dossier editor: one section at a time behind the section navigation, the error
// summary of a failed save, and "add row" on the tables. Without this file the page
// shows every section one below the other and "add row" reloads it with the typed
// values kept.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-section-link]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-editor-section]"));
  if (!links.length) { return; }

  function sectionOf(element) {
    var section = element && element.closest("[data-editor-section]");
    return section ? section.getAttribute("data-editor-section") : null;
  }

  function show(key) {
    sections.forEach(function (section) {
      section.hidden = section.getAttribute("data-editor-section") !== key;
    });
    links.forEach(function (link) {
      var current = link.getAttribute("data-section-link") === key;
      link.classList.toggle("active", current);
      if (current) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
  }

  // Bring an element into view, switching to its section first.
  function reveal(element) {
    var key = sectionOf(element);
    if (key) { show(key); }
    element.scrollIntoView({block: "center"});
    element.focus({preventScroll: true});
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var key = link.getAttribute("data-section-link");
      show(key);
      history.replaceState(null, "", "#section-" + key);
      var heading = document.querySelector("[data-editor-section='" + key + "'] h2, [data-editor-section='" + key + "'] .h4");
      window.scrollTo({top: 0});
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({preventScroll: true}); }
    });
  });

  // First section: the one with the first error, else the one the address names.
  var summary = document.querySelector("[data-error-summary]");
  var first = summary && summary.querySelector("a[data-section]");
  var named = location.hash && document.getElementById(location.hash.slice(1));
  show((first && first.getAttribute("data-section")) || sectionOf(named) || sections[0].getAttribute("data-editor-section"));
  if (summary) {
    // After the page's own scroll to an address's #fragment, or it takes the focus away.
    summary.focus();
    window.addEventListener("load", function () { summary.focus(); summary.scrollIntoView(); });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (target) { event.preventDefault(); reveal(target); }
    });
  } else if (named && sectionOf(named)) {
    named.scrollIntoView();
  }

  // "Add row": a copy of the table's empty row, numbered after the last one.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) { return; }
    event.preventDefault();
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty-row");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var body = document.querySelector("#" + prefix + "-table tbody");
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = body.lastElementChild;
    var field = row.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
    button.form.dispatchEvent(new CustomEvent("portal:changed", {bubbles: true}));
  });
})();
