// The media library picker (media/picker.py): choosing an image hands its address, alt
// text and caption back to the story editor's figure dialog, through the CKEditor-style
// callback that django-prose-editor's Figure extension installs on the opener window; in
// choosing mode (data-choose: a chooser's field id) it hands the image's id to the
// chooser instead (static/js/admin/image-chooser.js).
(function () {
  "use strict";

  function choose(button, callback, field) {
    var opener = window.opener;
    if (field) {
      if (!opener || !opener.NewsroomImageChooser) return;
      opener.NewsroomImageChooser.chosen(field, {
        id: button.dataset.id,
        title: button.dataset.title,
        alt: button.dataset.alt,
        thumbnail: button.dataset.thumbnail,
      });
      window.close();
      return;
    }
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
    var field = root.dataset.choose;
    root.querySelectorAll(".image-picker-choice").forEach(function (button) {
      button.addEventListener("click", function () {
        choose(button, callback, field);
      });
    });
    // Just uploaded: the new image is the one chosen.
    var chosen = root.querySelector("[data-chosen]");
    if (chosen) {
      var button = document.getElementById("picker-image-" + chosen.dataset.chosen);
      if (button) choose(button, callback, field);
    }
  });
})();
