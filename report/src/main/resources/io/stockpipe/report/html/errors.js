// First on the page, so that an error anywhere after it is recorded: the browser test reads
// data-js-errors, and a reader sees the message at the top.
(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    document.documentElement.setAttribute('data-js-errors', JSON.stringify(errors));
    var box = document.getElementById('js-errors');
    if (box) {
      box.hidden = false;
      box.textContent = 'This page hit a script error: ' + errors.join('; ');
    }
  }
  document.documentElement.setAttribute('data-js-errors', '[]');
  window.addEventListener('error', function (event) {
    record(event.message || (event.target && event.target.tagName + ' failed to load'));
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    record('unhandled rejection: ' + event.reason);
  });
  // A fetch the page's Content-Security-Policy refused: something tried to leave the machine.
  document.addEventListener('securitypolicyviolation', function (event) {
    record('refused by the page policy: ' + event.blockedURI);
  });
  window.stockpipeRecordError = record;
})();
