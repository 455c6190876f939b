// Agenda builder: drag-and-drop and keyboard reordering. The server does the numbering;
// this file only tells it the new order (and htmx swaps in the re-rendered agenda).
(function () {
  "use strict";

  function agenda() { return document.getElementById("agenda"); }

  function sendOrder() {
    var root = agenda();
    var ids = Array.prototype.map.call(
      root.querySelectorAll(".builder-item[data-item-id]"),
      function (item) { return item.dataset.itemId; }
    );
    htmx.ajax("POST", root.dataset.reorderUrl, {
      target: "#agenda", swap: "outerHTML", values: { order: ids.join(",") }
    });
  }

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest(".builder-item");
    if (!item) { return; }
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var over = event.target.closest && event.target.closest(".builder-item");
    // Items move within their own section; a section change is made in the item's form.
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) { event.preventDefault(); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    dragged = null;
    sendOrder();
  });

  // Clear the "add an item" form once the server says the item was added (a refused item
  // keeps what was typed). No inline handlers: the Content Security Policy forbids them.
  document.addEventListener("agenda-item-added", function () {
    var form = document.getElementById("add-item");
    if (form) { form.reset(); }
  });

  // After a move the agenda is swapped in anew, which would drop the focus on the page's body:
  // it goes back to where the user was, on the moved item or on the same button of it.
  var refocus = null;

  document.body.addEventListener("htmx:afterSettle", function () {
    if (!refocus) { return; }
    var item = document.getElementById(refocus.id);
    var target = item && (refocus.button ? item.querySelector(refocus.button) : item);
    refocus = null;
    if (target) { target.focus(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".move-up, .move-down");
    if (!button) { return; }
    var item = button.closest(".builder-item");
    refocus = { id: item.id, button: button.classList.contains("move-up") ? ".move-up" : ".move-down" };
  });

  document.addEventListener("keydown", function (event) {
    var item = event.target.closest && event.target.closest(".builder-item");
    if (!item || event.target !== item || !event.altKey) { return; }
    var button = null;
    if (event.key === "ArrowUp") { button = item.querySelector(".move-up"); }
    if (event.key === "ArrowDown") { button = item.querySelector(".move-down"); }
    if (button) {
      event.preventDefault();
      button.click();
      refocus = { id: item.id, button: null };  // the item keeps the focus, not its button
    }
  });
})();
