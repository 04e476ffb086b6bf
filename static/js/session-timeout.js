// The session time-out warning (WCAG 2.2.1). Before a signed-in session ends, a dialog offers to stay signed in;
// when the time runs out, what was typed on the page is kept in this tab's sessionStorage and comes back after the
// next sign-in on the same page. Without this script the session still ends, only without warning.
(() => {
  const body = document.body;
  const user = body.dataset.sessionUser;
  const dialogElement = document.getElementById("session-timeout");
  if (!user || !dialogElement || !window.bootstrap) {
    return;
  }

  const STORAGE_KEY = `portal.kept-fields:${location.pathname}${location.search}`;
  const GRACE_MS = 2000; // past the server's limit, so the server has ended the session when the page asks for itself
  const UNKEPT_TYPES = new Set(["password", "file", "hidden", "submit", "button", "reset", "image", "fieldset"]);
  const warningMs = Number(body.dataset.sessionWarningSeconds) * 1000;
  const dialog = bootstrap.Modal.getOrCreateInstance(dialogElement);
  const timeLeft = document.getElementById("session-timeout-left");
  let endsAt = Date.now() + Number(body.dataset.sessionSecondsLeft) * 1000;
  let mayBeExtended = body.dataset.sessionMayBeExtended === "true";
  let warned = false;
  let open = false; // from the dialog's showing until it is wholly hidden: Bootstrap ignores a show in between
  let leaving = false;
  let focusedBefore = null;

  const keptForms = () => Array.from(document.forms).filter((form) => !dialogElement.contains(form));

  const namesakes = (form, name) => Array.from(form.elements).filter((element) => element.name === name);

  const defaultIndex = (select) => {
    const index = Array.from(select.options).findIndex((option) => option.defaultSelected);
    return index === -1 && !select.multiple && select.size <= 1 ? 0 : index;
  };

  const changed = (element) => {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked !== element.defaultChecked;
    }
    if (element.tagName === "SELECT") {
      if (!element.multiple) {
        return element.selectedIndex !== defaultIndex(element);
      }
      return Array.from(element.options).some((option) => option.selected !== option.defaultSelected);
    }
    return "defaultValue" in element && element.value !== element.defaultValue;
  };

  // Every field typed or chosen since the page loaded, never a password, a file or a hidden token.
  const typedFields = () =>
    keptForms().flatMap((form, formIndex) =>
      Array.from(form.elements)
        .filter((element) => element.name && !UNKEPT_TYPES.has(element.type) && changed(element))
        .map((element) => ({
          form: formIndex,
          name: element.name,
          index: namesakes(form, element.name).indexOf(element),
          value: element.value,
          checked: element.checked,
          selected: element.tagName === "SELECT" ? Array.from(element.selectedOptions, (option) => option.value) : [],
        })),
    );

  const put = (element, field) => {
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = field.checked;
    } else if (element.tagName === "SELECT") {
      Array.from(element.options).forEach((option) => {
        option.selected = field.selected.includes(option.value);
      });
    } else {
      element.value = field.value;
    }
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  };

  const restore = () => {
    let kept;
    try {
      kept = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      return;
    }
    if (!kept || kept.user !== user) {
      return; // someone else typed it: it is dropped, never shown to them
    }
    const forms = keptForms();
    kept.fields.forEach((field) => {
      const form = forms[field.form];
      const element = form && namesakes(form, field.name)[field.index];
      if (element && !UNKEPT_TYPES.has(element.type)) {
        put(element, field);
      }
    });
    const note = document.getElementById("session-kept-note");
    document.getElementById("main").prepend(note);
    note.hidden = false;
  };

  const leave = () => {
    leaving = true;
    const fields = typedFields();
    if (fields.length) {
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ user, fields }));
      } catch {
        // storage full or refused: the page is left as it would be without this script
      }
    }
    // The server signs the session out and sends this page to the sign-in page with next= this page.
    location.assign(`${location.pathname}${location.search}`);
  };

  const spoken = (msLeft) => {
    const minutes = Math.ceil(msLeft / 60000);
    if (minutes > 1) {
      return `${minutes} minutes`;
    }
    return msLeft > 59000 ? "1 minute" : "less than a minute";
  };

  const announce = (msLeft) => {
    const text = `For your security you will be signed out in ${spoken(msLeft)}.`;
    if (timeLeft.textContent !== text) {
      timeLeft.textContent = text;
    }
  };

  const warn = () => {
    warned = true;
    dialogElement.querySelectorAll("[data-session-extendable]").forEach((element) => {
      element.hidden = !mayBeExtended;
    });
    dialogElement.querySelectorAll("[data-session-at-maximum]").forEach((element) => {
      element.hidden = mayBeExtended;
    });
    focusedBefore = document.activeElement;
    dialog.show();
  };

  const stay = async () => {
    let response;
    try {
      response = await fetch(body.dataset.sessionStayUrl, {
        method: "POST",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": dialogElement.querySelector("[name=csrfmiddlewaretoken]").value,
        },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch {
      warned = false; // not answered: the warning comes back, so the choice can be made again
      return;
    }
    if (response.status !== 200 && response.status !== 409) {
      leave(); // signed out meanwhile, or signed in again in another tab: the server decides which
      return;
    }
    const answer = await response.json();
    endsAt = Date.now() + answer.seconds_left * 1000;
    mayBeExtended = answer.may_be_extended;
    warned = false; // a refusal (409) warns again at once, now saying why the session cannot be extended
  };

  const tick = () => {
    if (leaving) {
      return;
    }
    const msLeft = endsAt - Date.now();
    if (msLeft <= -GRACE_MS) {
      leave();
    } else if (msLeft <= warningMs) {
      announce(msLeft);
      if (!warned && !open) {
        warn();
      }
    }
  };

  dialogElement.addEventListener("show.bs.modal", () => {
    open = true;
  });
  dialogElement.addEventListener("shown.bs.modal", () => {
    dialogElement.querySelector(".modal-footer [data-bs-dismiss]:not([hidden])").focus();
  });
  // Escape, "Stay signed in" and "Close" all close the dialog; while the session can be extended each one does.
  dialogElement.addEventListener("hide.bs.modal", () => {
    if (mayBeExtended && !leaving) {
      stay();
    }
  });
  dialogElement.addEventListener("hidden.bs.modal", () => {
    open = false;
    if (focusedBefore && document.contains(focusedBefore)) {
      focusedBefore.focus();
    }
  });

  restore();
  setInterval(tick, 1000);
  tick();
})();
