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
  // A login in another tab (after the session ended) rotates the CSRF token, so the
  // one this page was rendered with is refused: send the cookie's current one, which
  // Django accepts as well.
  function currentCsrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var seq = nextSeq(event.detail.elt.closest("form"));
    if (seq !== null) {
      event.detail.parameters.edit_seq = seq;
    }
    var csrf = currentCsrf();
    if (csrf && event.detail.parameters.csrfmiddlewaretoken) {
      event.detail.parameters.csrfmiddlewaretoken = csrf;
    }
  });
  document.addEventListener("submit", function (event) {
    nextSeq(event.target);
    var token = event.target.elements && event.target.elements.namedItem("csrfmiddlewaretoken");
    var csrf = currentCsrf();
    if (token && csrf) { token.value = csrf; }
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

  // Background requests (autosave, "resolve" buttons, progress polls) that fail:
  // htmx skips the swap of a 4xx/5xx answer and of one that never came, so without
  // this the user sees nothing and believes the text is saved. One alert says what
  // happened and what to do; the fields are left as typed. The texts come from the
  // page (base.html, #request-error-texts) so they are translated like the rest.
  var errorTexts = document.getElementById("request-error-texts");
  function errorText(key) { return errorTexts ? errorTexts.getAttribute("data-" + key) : ""; }
  var errorSource = null;
  function clearRequestError() {
    var old = document.getElementById("request-error");
    if (old) { old.remove(); }
    errorSource = null;
  }
  function showRequestError(elt, verb, reason, detail) {
    clearRequestError();
    var box = document.createElement("div");
    box.id = "request-error";
    box.className = "alert alert-danger alert-dismissible request-error d-print-none";
    box.setAttribute("role", "alert");
    var icon = document.createElement("i");
    icon.className = "bi bi-exclamation-triangle";
    icon.setAttribute("aria-hidden", "true");
    var text = document.createElement("span");
    text.textContent = [errorText(verb === "get" ? "load" : "save"), detail || errorText(reason)].join(" ");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", errorText("close"));
    box.append(icon, " ", text, close);
    if (reason === "session" && errorTexts) {
      // the login page in a new tab: this page, with the typed text, stays open
      var again = document.createElement("a");
      again.href = errorTexts.getAttribute("data-login-url");
      again.target = "_blank";
      again.rel = "noopener";
      again.className = "alert-link ms-1";
      again.textContent = errorText("login");
      text.after(" ", again);
    }
    document.body.appendChild(box);
    errorSource = elt;
  }
  function verbOf(detail) {
    return ((detail.requestConfig && detail.requestConfig.verb) || "post").toLowerCase();
  }
  // What a 409 answer says about the conflict, when it says something short.
  function conflictDetail(xhr) {
    var body = xhr.responseText || "";
    if ((xhr.getResponseHeader("Content-Type") || "").indexOf("html") !== -1) {
      body = new DOMParser().parseFromString(body, "text/html").body.textContent || "";
    }
    body = body.replace(/\s+/g, " ").trim();
    return body && body.length <= 400 ? body : "";
  }
  var reasons = {403: "forbidden", 404: "not-found", 409: "conflict"};
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var reason = answeredByLogin(xhr) ? "session" : reasons[xhr.status] || "server";
    showRequestError(event.detail.elt, verbOf(event.detail), reason,
                     reason === "conflict" ? conflictDetail(xhr) : "");
  });
  function offline(event) {
    showRequestError(event.detail.elt, verbOf(event.detail), "offline", "");
  }
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
  // A request after the session ended is redirected to the login page, which the
  // browser follows silently: that page must not be swapped into this one.
  function answeredByLogin(xhr) {
    var login = errorTexts && errorTexts.getAttribute("data-login-url");
    var url = xhr.responseURL;
    return Boolean(login && url &&
                   new URL(url).pathname === new URL(login, location.href).pathname);
  }
  // (Marked an error here, it reaches htmx:responseError below, on the element
  // that made the request.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (answeredByLogin(event.detail.xhr)) {
      event.detail.shouldSwap = false;
      event.detail.isError = true;
    }
  });
  // A later request of the same element that went through: the alert is stale.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && errorSource === event.detail.elt) {
      clearRequestError();
    }
  });

  // Drafts: a form marked data-draft="KEY" keeps a copy of its fields in this tab's
  // sessionStorage when submitted. A save that never reached the server (the
  // session had ended: the login page came instead) leaves the page at the same
  // version; the next visit of the page then offers the copy back (the
  // #draft-offer template). A save that went through raised the version, one
  // refused shows the posted text again (data-draft-posted): the copy is dropped.
  // Rows added in the browser are not restored, only fields the page has. The key
  // names the user, so whoever signs in next on a shared computer is not offered it.
  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !field.disabled && field.name !== "csrfmiddlewaretoken" &&
        (field.tagName === "TEXTAREA" || field.tagName === "SELECT" ||
         (field.tagName === "INPUT" && !/^(hidden|file|submit|button|checkbox|radio)$/.test(field.type)));
    });
  }
  function draftVersion(form) {
    var version = form.elements.namedItem("version");
    return version ? version.value : "";
  }
  function draftStore() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, store = draftStore();
    if (!form.hasAttribute("data-draft") || !store) { return; }
    var values = {};
    draftFields(form).forEach(function (field) { values[field.name] = field.value; });
    store.setItem("draft:" + form.getAttribute("data-draft"), JSON.stringify(
      {version: draftVersion(form), at: Date.now(), values: values}));
  }, true);
  function offerDraft(form) {
    var store = draftStore(), key = "draft:" + form.getAttribute("data-draft");
    var draft = store && JSON.parse(store.getItem(key) || "null");
    if (!draft) { return; }
    var fields = draftFields(form).filter(function (field) {
      return Object.prototype.hasOwnProperty.call(draft.values, field.name) &&
        draft.values[field.name] !== field.value;
    });
    var template = document.getElementById("draft-offer");
    // saved, shown again as posted (the form's errors), or nothing differs: the
    // copy is not needed
    if (draft.version !== draftVersion(form) || form.hasAttribute("data-draft-posted") ||
        !fields.length || !template) {
      store.removeItem(key);
      return;
    }
    var offer = template.content.firstElementChild.cloneNode(true);
    var time = offer.querySelector("[data-draft-time]");
    time.dateTime = new Date(draft.at).toISOString();
    time.textContent = new Date(draft.at).toLocaleTimeString(
      document.documentElement.lang || "id", {hour: "2-digit", minute: "2-digit"});
    offer.addEventListener("click", function (event) {
      var button = event.target.closest("[data-draft-restore], [data-draft-discard]");
      if (!button) { return; }
      if (button.hasAttribute("data-draft-restore")) {
        fields.forEach(function (field) {
          field.value = draft.values[field.name];
          field.dispatchEvent(new Event("input", {bubbles: true}));
        });
        offer.replaceWith(template.content.lastElementChild.cloneNode(true));
      } else {
        offer.remove();
      }
      store.removeItem(key);
    });
    form.before(offer);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-draft]").forEach(offerDraft);
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-guard][data-unsaved]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
