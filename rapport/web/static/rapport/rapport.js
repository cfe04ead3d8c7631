/*
 * Small progressive enhancements. Every page works without this file; it only
 * saves a click or moves focus to where the member's attention should go.
 * No inline scripts anywhere: a strict Content-Security-Policy is planned.
 */
(function () {
  "use strict";

  // The request form: show the detail prompt of the chosen context, and the
  // introducer picker only when a member introduced you. (Whether the detail is
  // required follows on its own: syncRequiredWhen, below.)
  function syncContextPicker(form) {
    var chosen = form.querySelector('input[name="context"]:checked');
    var prompt = form.querySelector("#context-detail-prompt");
    if (prompt && chosen && chosen.dataset.prompt) {
      prompt.textContent = chosen.dataset.prompt;
    }
    form.querySelectorAll("[data-context-only]").forEach(function (block) {
      var wanted = block.dataset.contextOnly;
      block.hidden = !chosen || chosen.value !== wanted;
    });
  }

  function enhanceRequestForms(root) {
    root.querySelectorAll("form.request-form").forEach(function (form) {
      if (form.dataset.enhanced) return;
      form.dataset.enhanced = "1";
      form.addEventListener("change", function (event) {
        if (event.target.name === "context") syncContextPicker(form);
      });
      // Keep the introducer visible if the server flagged it, whatever is chosen.
      if (!form.querySelector('[data-context-only] [aria-invalid="true"]')) {
        syncContextPicker(form);
      }
    });
  }

  // A field needed only for some choices (rapport/web/required_fields.py) carries its
  // rule, data-required-when="context=gathering,other": needed while the form's field
  // "context" holds one of those values (a tick box reads "on" or "off"). The server
  // drew the page for the choice it knew; when the choice changes, the field's
  // aria-required and the "(required)" at the end of its label follow. The marker is
  // emptied rather than hidden, since a screen reader reads hidden text in a label.
  function choiceNow(form, name) {
    var control = form.elements.namedItem(name);
    if (!control) return "";
    if (control.type === "checkbox") return control.checked ? "on" : "off";
    if (control.type === "radio") return control.checked ? control.value : "";
    return control.value || "";  // a select, or a group of radio buttons: the one chosen
  }

  function syncRequiredWhen(form) {
    form.querySelectorAll("[data-required-when]").forEach(function (field) {
      var rule = field.dataset.requiredWhen;
      var split = rule.indexOf("=");
      var values = rule.slice(split + 1).split(",");
      var needed = values.indexOf(choiceNow(form, rule.slice(0, split))) >= 0;
      if (needed) field.setAttribute("aria-required", "true");
      else field.removeAttribute("aria-required");
      Array.prototype.forEach.call(field.labels || [], function (label) {
        var marker = label.querySelector("[data-required-marker]");
        if (marker) marker.textContent = needed ? " (required)" : "";
      });
    });
  }

  // One listener for every form, those htmx swaps in later included.
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.querySelector("[data-required-when]")) syncRequiredWhen(form);
  });

  // The browser's own time zone (an IANA name such as "Europe/Lisbon"), or "".
  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  // Sign-up sends the browser's zone in a hidden field, so times are local from the
  // first page (the server falls back to UTC without it). On the profile, a zone
  // that differs from this device's is pointed out, never changed unasked.
  function fillTimeZones(root) {
    var zone = browserTimeZone();
    if (!zone) return;
    root.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
      if (!input.value) input.value = zone;
    });
    var select = root.querySelector("select[data-time-zone-select]");
    var hint = root.querySelector("[data-browser-time-zone-hint]");
    if (!select || !hint || select.value === zone) return;
    var offered = Array.prototype.find.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!offered) return;
    // Named as the menu names it ("Sao Paulo"), as every page names a zone.
    var name = offered.textContent;
    hint.textContent = "This device is set to " + name + ". ";
    var use = document.createElement("button");
    use.type = "button";
    use.className = "link-button";
    use.textContent = "Use " + name;
    use.addEventListener("click", function () {
      select.value = zone;
      hint.hidden = true;
      select.focus();
    });
    hint.appendChild(use);
    hint.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceRequestForms(document);
    fillTimeZones(document);
    // A browser may bring back the choices of a page reloaded, or returned to.
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-required-when]")) syncRequiredWhen(form);
    });
  });

  // A form came back with errors as a whole page: start at the first field in error,
  // as after an htmx swap, so that a screen reader reads the field with its error
  // rather than the page from the top, where nothing says the form was refused.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector('main [aria-invalid="true"]');
    if (invalid && !document.querySelector("[autofocus]")) invalid.focus();
  });

  // The navigation's menus: one open at a time; a click elsewhere or Escape closes them.
  function closeMenus(except) {
    document.querySelectorAll("details.nav__menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("details.nav__menu") && menu.open) closeMenus(menu);
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.nav__menu")) closeMenus(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.nav__menu[open]");
    if (!open) return;
    closeMenus(null);
    open.querySelector("summary").focus();
  });

  // After htmx swaps in a form with errors, move focus to the first invalid field.
  // After an action that replaced the row it was clicked in (accept a request,
  // snooze someone), the button is gone and focus would fall to the page: move it to
  // the row's result instead, so a keyboard user goes on from there and a screen
  // reader reads it out.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !target.querySelector) return;
    if (!target.isConnected && target.id) target = document.getElementById(target.id);
    if (!target) return;
    var invalid = target.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    if (document.activeElement && document.activeElement !== document.body) return;
    var said = target.matches('[role="status"], [role="alert"]')
      ? target
      : target.querySelector('[role="status"], [role="alert"]');
    if (!said) return;
    if (!said.hasAttribute("tabindex")) said.setAttribute("tabindex", "-1");
    said.focus();
  });

  // A note's check comes back at every pause in typing. A screen reader is told only
  // the lines that changed (a rule now met, the note now reading as a leaflet), in the
  // status named by data-announce-in, rather than the whole box, count and advice
  // included, at every pause.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail.target;
    if (!box || !box.dataset || !box.dataset.announceIn) return;
    var said = document.getElementById(box.dataset.announceIn);
    if (!said) return;
    var lines = Array.prototype.map.call(
      box.querySelectorAll(".rule, .note-check__verdict"),
      function (line) { return line.textContent.replace(/\s+/g, " ").trim(); }
    );
    var before = said.dataset.lines ? said.dataset.lines.split("\n") : [];
    var changed = lines.filter(function (line) { return before.indexOf(line) < 0; });
    said.dataset.lines = lines.join("\n");
    if (changed.length) said.textContent = changed.join(" ");
  });

  // A message was sent: the reply box came back empty; keep typing there, and
  // show the new message.
  // (The event names the element that was swapped out; the box to type in is in the
  // new one, so it is looked up again. Focusing the old, detached box dropped focus to
  // the top of the page.)
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "reply") return;
    var reply = document.getElementById("reply");
    var box = reply && reply.querySelector("textarea");
    if (box) box.focus();
    var messages = document.getElementById("messages");
    if (messages && messages.lastElementChild) {
      messages.lastElementChild.scrollIntoView({ block: "nearest" });
    }
  });
})();
