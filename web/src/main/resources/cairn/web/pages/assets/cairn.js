// Cairn's pages work without this file. With it: a "Copy link" button copies the text of the
// element its data-copy attribute names, and says so in the live region beside it.
document.addEventListener('click', function (event) {
  var button = event.target.closest('button[data-copy]');
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute('data-copy'));
  var status = document.getElementById(button.getAttribute('data-copy') + '-status');
  var text = source.value !== undefined ? source.value : source.textContent;
  var done = function (ok) {
    if (status) {
      status.textContent = ok ? button.getAttribute('data-copied') : button.getAttribute('data-copy-failed');
    }
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
  } else {
    source.select && source.select();
    done(document.execCommand && document.execCommand('copy'));
  }
});
// Copy buttons are hidden until this script runs: without it they would do nothing.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-copy]').forEach(function (b) { b.hidden = false; });
});
