// Review checklists: lets a reader tick the open questions of a chapter's
// checklist, and remembers the ticks for that page in this browser.
// Questions the chapter's text already answers stay checked and locked.
(function () {
  'use strict';
  document.querySelectorAll('.deepdive-checklist').forEach(function (list) {
    var page = list.getAttribute('data-page') || location.pathname;
    list.querySelectorAll('input[type="checkbox"]').forEach(function (box, index) {
      if (box.checked) {
        return;
      }
      var key = 'deepdive-review:' + page + ':' + index;
      box.disabled = false;
      box.checked = localStorage.getItem(key) === '1';
      box.addEventListener('change', function () {
        if (box.checked) {
          localStorage.setItem(key, '1');
        } else {
          localStorage.removeItem(key);
        }
      });
    });
  });
})();
