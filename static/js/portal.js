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
})();
