// The chooser for a foreign key to a library image (media/chooser.py): "Choose" opens the
// library's picker in its choosing mode; the picker calls NewsroomImageChooser.chosen()
// here with the image it was given. The id goes into the hidden input the form posts, so a
// save that fails validation renders the chooser again with the same image.
(function () {
  "use strict";

  function parts(root) {
    return {
      input: root.querySelector("input[name]"),
      thumbnail: root.querySelector(".image-chooser-thumbnail"),
      status: root.querySelector(".image-chooser-status"),
      open: root.querySelector("[data-chooser-open]"),
      clear: root.querySelector("[data-chooser-clear]"),
    };
  }

  function show(root, image) {
    var p = parts(root);
    p.input.value = image ? image.id : "";
    if (image) {
      p.thumbnail.src = image.thumbnail;
      p.thumbnail.hidden = false;
      p.status.textContent = "Chosen: " + image.title + ". Alt text: \u201c" + image.alt + "\u201d";
      p.open.textContent = p.open.dataset.replaceLabel;
    } else {
      p.thumbnail.removeAttribute("src");
      p.thumbnail.hidden = true;
      p.status.textContent = p.status.dataset.empty;
      p.open.textContent = p.open.dataset.chooseLabel;
    }
    p.clear.hidden = !image;
    // Keyboard users stay where they were: on the control that opened or cleared it.
    p.open.focus();
  }

  window.NewsroomImageChooser = {
    chosen: function (fieldId, image) {
      var root = document.getElementById(fieldId + "_chooser");
      if (root) show(root, image);
    },
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-image-chooser]").forEach(function (root) {
      var p = parts(root);
      // The field for the image's number is the fallback without this script: with it,
      // the number is kept in a hidden input and the picker's buttons take over.
      p.input.type = "hidden";
      p.input.removeAttribute("aria-describedby");
      root.querySelector(".image-chooser-manual").hidden = true;
      p.open.hidden = false;
      p.clear.hidden = !p.input.value;
      p.open.addEventListener("click", function () {
        window.open(root.dataset.pickUrl, "chooser_" + p.input.id, "width=960,height=720");
      });
      p.clear.addEventListener("click", function () {
        show(root, null);
      });
    });
  });
})();
