// tiendo web workspace script: the pages work without it; it only saves a click or a mistake.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // A filter chosen from a list applies at once; the button stays for keyboards and no-script.
    document.querySelectorAll("form.filters select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
    // Leaving an edit form with typed changes asks first.
    document.querySelectorAll("form.edit-form").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () {
        dirty = true;
      });
      form.addEventListener("submit", function () {
        dirty = false;
      });
      window.addEventListener("beforeunload", function (event) {
        if (dirty) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
    });
  });
})();
