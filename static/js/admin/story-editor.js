// The story form's desk helpers: live word count, a warning before leaving unsaved
// changes, autosave to this browser with "restore your unsaved changes", and who else
// has the story open. Plain script, no build step; the server does everything that
// matters (sanitizing, merging, permissions) and this only keeps an editor's work safe.
(function () {
  "use strict";
  const form = document.getElementById("story_form");
  if (!form) return;
  const config = JSON.parse(document.getElementById("story-editor-config").textContent);
  const body = form.querySelector("textarea[name=body]");
  let proseEditor = null;

  // Word count and reading time ------------------------------------------------------
  const count = document.getElementById("body-count");
  const WORDS_PER_MINUTE = config.wordsPerMinute;

  function bodyText() {
    if (proseEditor) return proseEditor.getText({ blockSeparator: " " });
    const scratch = document.createElement("div");
    scratch.innerHTML = body ? body.value : "";
    return scratch.textContent;
  }

  function updateCount() {
    if (!count) return;
    const words = (bodyText().match(/\S+/g) || []).length;
    const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
    count.textContent =
      (words === 1 ? "1 word" : words + " words") + " · " + minutes + " min read";
  }

  // The form's state, for autosave and the leave-page warning ------------------------
  const SKIPPED = new Set(["csrfmiddlewaretoken", "version", "seen_version"]);

  function snapshot() {
    const values = {};
    for (const [name, value] of new FormData(form)) {
      if (SKIPPED.has(name) || value instanceof File) continue;
      (values[name] = values[name] || []).push(value);
    }
    return values;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  const key = "newsroom:story:" + (config.storyId || "new") + ":v" + config.version;
  let initial = snapshot();
  let submitting = false;

  function dirty() {
    return !same(snapshot(), initial);
  }

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  form.addEventListener("submit", function () {
    submitting = true;
    // Cleared on the next page if this save went through (no error shown there).
    sessionStorage.setItem("newsroom:submitted", key);
  });

  let timer = null;
  function autosave() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      const values = snapshot();
      if (same(values, initial)) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify({ saved: Date.now(), values: values }));
    }, 500);
  }

  function changed() {
    updateCount();
    autosave();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  function setValues(values) {
    for (const [name, list] of Object.entries(values)) {
      const fields = form.querySelectorAll("[name='" + CSS.escape(name) + "']");
      fields.forEach(function (field, index) {
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = list.includes(field.value);
        } else if (field.tagName === "SELECT" && field.multiple) {
          for (const option of field.options) option.selected = list.includes(option.value);
        } else if (index < list.length) {
          field.value = list[index];
        }
      });
    }
    if (proseEditor && values.body) proseEditor.commands.setContent(values.body[0]);
    changed();
  }

  function offerRestore() {
    const stored = localStorage.getItem(key);
    if (!stored) return;
    const saved = JSON.parse(stored);
    if (same(saved.values, initial)) {
      localStorage.removeItem(key);
      return;
    }
    const note = document.getElementById("story-autosave");
    note.hidden = false;
    note.querySelector("[data-when]").textContent = new Date(saved.saved).toLocaleString();
    note.querySelector("[data-restore]").addEventListener("click", function () {
      setValues(saved.values);
      note.hidden = true;
    });
    note.querySelector("[data-discard]").addEventListener("click", function () {
      localStorage.removeItem(key);
      note.hidden = true;
    });
  }

  function forgetOlderVersions() {
    const submitted = sessionStorage.getItem("newsroom:submitted");
    if (submitted && !document.querySelector(".errornote, .errorlist")) {
      localStorage.removeItem(submitted);
    }
    sessionStorage.removeItem("newsroom:submitted");
    const prefix = "newsroom:story:" + (config.storyId || "new") + ":v";
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const name = localStorage.key(i);
      if (name && name.startsWith(prefix) && name !== key) {
        const version = Number(name.slice(prefix.length));
        if (config.storyId && version < config.version) localStorage.removeItem(name);
      }
    }
  }

  function start() {
    forgetOlderVersions();
    initial = snapshot();
    updateCount();
    offerRestore();
  }

  // The rich-text editor starts asynchronously; the form's state counts from then on.
  let started = false;
  document.addEventListener("prose-editor:ready", function (event) {
    if (event.detail.textarea !== body) return;
    proseEditor = event.detail.editor;
    // The editable area is what a screen reader lands on: name it like the field.
    const label = form.querySelector("label[for=id_body]");
    proseEditor.view.dom.setAttribute("aria-label", label ? label.textContent.replace(/:$/, "") : "Body");
    proseEditor.view.dom.setAttribute("aria-multiline", "true");
    proseEditor.on("update", changed);
    if (!started) {
      started = true;
      start();
    }
  });
  // Without the editor (its script failed) the plain textarea still works.
  setTimeout(function () {
    if (!started) {
      started = true;
      start();
    }
  }, config.editorWaitMs);

  // Presence -------------------------------------------------------------------------
  const presence = document.getElementById("story-presence");
  if (presence && config.presenceUrl) {
    const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    function beat() {
      fetch(config.presenceUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) return;
          presence.textContent = data.message;
          presence.hidden = !data.message;
        })
        .catch(function () {});
    }
    beat();
    setInterval(beat, config.presenceEveryMs);
  }
})();
