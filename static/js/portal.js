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
})();
