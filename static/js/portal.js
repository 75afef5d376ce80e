// PUG Portal — small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Filter forms: submit when a select or checkbox changes, so one click filters.
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.closest("form[data-autosubmit]");
    if (form && (field.tagName === "SELECT" || field.type === "checkbox")) {
      form.requestSubmit();
    }
  });

  // Presets: a select with data-presets='{"VALUE": {"field": "value", ...}}' fills
  // the named fields of its form when VALUE is chosen (the server applies the same
  // defaults to a blank field, so this only shows them sooner).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("select[data-presets]") || !field.form) {
      return;
    }
    var presets = JSON.parse(field.getAttribute("data-presets"))[field.value] || {};
    Object.keys(presets).forEach(function (name) {
      var target = field.form.elements.namedItem(name);
      if (target) {
        target.value = presets[name];
      }
    });
  });

  // Pages that number their saves (the dossier editor's hidden edit_seq): count up
  // before each autosave and before the Save button's submit, so the server keeps
  // the save the user made last even when an earlier autosave arrives after it.
  function nextSeq(form) {
    var field = form && form.querySelector("input[name=edit_seq]");
    if (!field) {
      return null;
    }
    field.value = String((parseInt(field.value, 10) || 0) + 1);
    return field.value;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var seq = nextSeq(event.detail.elt.closest("form"));
    if (seq !== null) {
      event.detail.parameters.edit_seq = seq;
    }
  });
  document.addEventListener("submit", function (event) {
    nextSeq(event.target);
  }, true);

  // Unsaved changes: a form marked data-guard that was typed in and not submitted
  // makes the browser ask before the page is left. An autosave that stored the text
  // clears the mark unless table rows (saved only by the form's button) changed too.
  function guarded(element) {
    var form = element && (element.form || element.closest("form"));
    return form && form.hasAttribute("data-guard") ? form : null;
  }
  function markChanged(event) {
    var form = guarded(event.target);
    if (!form) { return; }
    form.setAttribute("data-unsaved", "true");
    if (event.target.closest(".row-table-wrap")) { form.setAttribute("data-unsaved-rows", "true"); }
  }
  document.addEventListener("input", markChanged);
  document.addEventListener("change", markChanged);
  document.addEventListener("portal:changed", function (event) {
    var form = guarded(event.target);
    if (form) { form.setAttribute("data-unsaved", "true"); form.setAttribute("data-unsaved-rows", "true"); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-guard") && !event.defaultPrevented) {
      form.removeAttribute("data-unsaved");
      form.removeAttribute("data-unsaved-rows");
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = guarded(event.detail.elt);
    var saved = event.detail.target && event.detail.target.querySelector("[data-saved]");
    if (form && form === event.detail.elt && saved &&
        !form.hasAttribute("data-unsaved-rows")) {
      form.removeAttribute("data-unsaved");
    }
  });
  // Long text: a counter under each textarea (and long input) with a maxlength, so
  // the limit the server enforces is visible while typing ("120 / 3.000").
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "id");
  function counterFor(field) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) {
      counter = document.createElement("div");
      counter.id = field.id + "-count";
      counter.className = "form-text text-end char-count";
      field.insertAdjacentElement("afterend", counter);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    }
    return counter;
  }
  function count(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!field.id || !(limit >= 200)) { return; }
    var used = field.value.length;
    var counter = counterFor(field);
    counter.textContent = numberFormat.format(used) + " / " + numberFormat.format(limit);
    counter.classList.toggle("text-danger", used >= limit);
  }
  function countAll(root) {
    root.querySelectorAll("textarea[maxlength], input[maxlength]").forEach(count);
  }
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("maxlength")) { count(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () { countAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { countAll(event.detail.target); });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-guard][data-unsaved]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
