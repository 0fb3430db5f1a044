// The media library picker (media/picker.py): choosing an image hands its address, alt
// text and caption back to the story editor's figure dialog, through the CKEditor-style
// callback that django-prose-editor's Figure extension installs on the opener window.
(function () {
  "use strict";

  function choose(button, callback) {
    var opener = window.opener;
    if (!opener || !opener.CKEDITOR || !opener.CKEDITOR.tools) return;
    opener.CKEDITOR.tools.callFunction(callback, button.dataset.url, {
      alternative_text: button.dataset.alt,
      caption: button.dataset.caption,
    });
    window.close();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector(".image-picker");
    if (!root) return;
    var callback = root.dataset.callback;
    root.querySelectorAll(".image-picker-choice").forEach(function (button) {
      button.addEventListener("click", function () {
        choose(button, callback);
      });
    });
    // Just uploaded: the new image is the one chosen.
    var chosen = root.querySelector("[data-chosen]");
    if (chosen) {
      var button = document.getElementById("picker-image-" + chosen.dataset.chosen);
      if (button) choose(button, callback);
    }
  });
})();
