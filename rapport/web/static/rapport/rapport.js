/*
 * Small progressive enhancements. Every page works without this file; it only
 * saves a click or moves focus to where the member's attention should go.
 * No inline scripts anywhere: a strict Content-Security-Policy is planned.
 */
(function () {
  "use strict";

  // The request form: show the detail prompt of the chosen context, and the
  // introducer picker only when a member introduced you.
  function syncContextPicker(form) {
    var chosen = form.querySelector('input[name="context"]:checked');
    var label = form.querySelector("#context-detail-label");
    if (label && chosen && chosen.dataset.prompt) {
      label.textContent = chosen.dataset.prompt;
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

  document.addEventListener("DOMContentLoaded", function () {
    enhanceRequestForms(document);
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

  // A message was sent: the reply box came back empty; keep typing there, and
  // show the new message.
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "reply") return;
    var box = target.querySelector("textarea");
    if (box) box.focus();
    var messages = document.getElementById("messages");
    if (messages && messages.lastElementChild) {
      messages.lastElementChild.scrollIntoView({ block: "nearest" });
    }
  });
})();
