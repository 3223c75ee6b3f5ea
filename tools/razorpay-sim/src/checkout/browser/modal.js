/* global window, document, fetch */
// The simulator's payment page, inside Checkout's iframe: Pay (the payment succeeds), Fail (it
// fails, and the customer may try again), Cancel or Escape (the modal closes unpaid). Results go
// to the merchant's page by postMessage, addressed to the origin that opened the modal only.
(function () {
  var config = JSON.parse(document.getElementById('checkout-config').textContent);
  var MESSAGE_SOURCE = 'razorpay-sim-checkout';
  var busy = false;
  var $ = function (id) {
    return document.getElementById(id);
  };

  function tell(type, payload) {
    if (!config.parentOrigin || window.parent === window) return;
    window.parent.postMessage({ source: MESSAGE_SOURCE, type: type, payload: payload }, config.parentOrigin);
  }

  function setBusy(on, label) {
    busy = on;
    document.body.classList.toggle('busy', on);
    ['pay', 'fail'].forEach(function (id) {
      if ($(id)) $(id).disabled = on;
    });
    if ($('status')) $('status').textContent = on ? label : '';
  }

  function showFailure(error) {
    var box = $('failure');
    box.hidden = false;
    $('failure-text').textContent = error.description || 'Payment failed';
    $('pay').textContent = 'Retry payment';
  }

  function attempt(outcome) {
    if (busy) return;
    $('failure').hidden = true;
    setBusy(true, outcome === 'success' ? 'Processing payment…' : 'Processing…');
    fetch('pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key_id: config.keyId, order_id: config.orderId, outcome: outcome }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        setBusy(false);
        if (result.ok) {
          document.body.classList.add('paid');
          tell('payment.success', result.body);
          return;
        }
        var error = (result.body && result.body.error) || { description: 'Payment failed' };
        showFailure(error);
        if (error.metadata && error.metadata.payment_id) tell('payment.failed', error);
      })
      .catch(function () {
        setBusy(false);
        showFailure({ description: 'Could not reach Razorpay. Check your connection and try again.' });
      });
  }

  function dismiss() {
    if (busy) return;
    tell('modal.dismiss');
  }

  if ($('pay'))
    $('pay').addEventListener('click', function () {
      attempt('success');
    });
  if ($('fail'))
    $('fail').addEventListener('click', function () {
      attempt('failure');
    });
  Array.prototype.forEach.call(document.querySelectorAll('[data-dismiss]'), function (el) {
    el.addEventListener('click', dismiss);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') dismiss();
  });
  if ($('pay')) $('pay').focus();
})();
