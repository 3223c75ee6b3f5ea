/* global window, document, URL, URLSearchParams */
// Razorpay Checkout as the simulator serves it (GET /v1/checkout.js): the same global and the
// same contract as https://checkout.razorpay.com/v1/checkout.js, so a page written against one
// works against the other.
//
//   var rzp = new Razorpay({ key, order_id, amount, currency, name, description, handler,
//                            modal: { ondismiss, escape }, theme: { color } });
//   rzp.on('payment.failed', function (response) { response.error.code, .description, .metadata });
//   rzp.open();
//
// open() shows the simulator's payment page in a full-window iframe, as Razorpay does. The page
// talks back with postMessage; only messages from the simulator's origin and from that iframe
// are believed. Success calls handler({ razorpay_payment_id, razorpay_order_id,
// razorpay_signature }) and closes; a failure fires 'payment.failed' and stays open for a retry;
// closing without paying calls modal.ondismiss().
(function () {
  if (window.Razorpay) return;
  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : '/v1/checkout.js', window.location.href);
  var simOrigin = scriptUrl.origin;
  var basePath = scriptUrl.pathname.replace(/(\/v1)?\/checkout\.js$/, '');
  var MESSAGE_SOURCE = 'razorpay-sim-checkout';

  function Razorpay(options) {
    if (!(this instanceof Razorpay)) return new Razorpay(options);
    if (!options || typeof options !== 'object') throw new Error('Razorpay: options are required');
    if (!options.key) throw new Error('Razorpay: the key option is required');
    if (!options.order_id) throw new Error('Razorpay: the order_id option is required (this simulator pays orders)');
    this.options = options;
    this.listeners = {};
    this.frame = null;
    this.onMessage = this.receive.bind(this);
  }

  Razorpay.prototype.on = function (event, listener) {
    (this.listeners[event] = this.listeners[event] || []).push(listener);
    return this;
  };

  Razorpay.prototype.emit = function (event, payload) {
    (this.listeners[event] || []).forEach(function (listener) {
      listener(payload);
    });
  };

  Razorpay.prototype.open = function () {
    if (this.frame) return this;
    var o = this.options;
    var query = new URLSearchParams({
      key_id: String(o.key),
      order_id: String(o.order_id),
      origin: window.location.origin,
      name: String(o.name || ''),
      description: String(o.description || ''),
      color: String((o.theme && o.theme.color) || ''),
    });
    var frame = document.createElement('iframe');
    frame.src = simOrigin + basePath + '/v1/checkout/modal?' + query.toString();
    frame.title = 'Razorpay Checkout';
    frame.setAttribute('allow', 'payment');
    frame.setAttribute('data-razorpay-checkout', '');
    frame.style.cssText =
      'position:fixed;inset:0;width:100%;height:100%;border:0;z-index:2147483647;background:transparent;color-scheme:normal';
    document.body.appendChild(frame);
    this.frame = frame;
    window.addEventListener('message', this.onMessage);
    return this;
  };

  Razorpay.prototype.close = function () {
    window.removeEventListener('message', this.onMessage);
    if (this.frame && this.frame.parentNode) this.frame.parentNode.removeChild(this.frame);
    this.frame = null;
  };

  Razorpay.prototype.receive = function (event) {
    if (!this.frame || event.origin !== simOrigin || event.source !== this.frame.contentWindow) return;
    var message = event.data || {};
    if (message.source !== MESSAGE_SOURCE) return;
    var o = this.options;
    if (message.type === 'payment.success') {
      this.close();
      if (typeof o.handler === 'function') o.handler(message.payload);
    } else if (message.type === 'payment.failed') {
      this.emit('payment.failed', { error: message.payload });
    } else if (message.type === 'modal.dismiss') {
      this.close();
      if (o.modal && typeof o.modal.ondismiss === 'function') o.modal.ondismiss();
    }
  };

  window.Razorpay = Razorpay;
})();
