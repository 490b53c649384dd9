// Progressive touches only: every page works without this file.
// "/" focuses the search box (as on many sites); changing a filter's
// select submits the search form, so a keyboard user gets results without
// hunting for the button.
"use strict";
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    var box = document.getElementById("q");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  }
});
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.tagName === "SELECT" && target.form && target.form.classList.contains("search")) {
    target.form.submit();
  }
});
