// The payment page inside Checkout's iframe. Everything interpolated is escaped: the query string
// is the merchant page's to choose.
export interface ModalView {
  keyId: string;
  orderId: string;
  parentOrigin: string;
  name: string;
  description: string;
  color: string;
  amount?: number;
  currency?: string;
  /** Why this order cannot be paid here; the page then offers only Close. */
  problem?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: no "</script>" or "<!--" can close or confuse the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).format(amount / 100);
  } catch {
    return `${currency} ${(amount / 100).toFixed(2)}`;
  }
}

export function modalPage(view: ModalView): string {
  const amount = view.amount !== undefined && view.currency ? money(view.amount, view.currency) : '';
  const body = view.problem
    ? `<div class="problem" role="alert"><strong>Payment cannot be completed</strong><p>${escapeHtml(view.problem)}</p></div>
       <button class="primary" data-dismiss>Close</button>`
    : `<p class="method"><span class="upi">UPI</span> Test mode: no money moves.</p>
       <div id="failure" class="failure" role="alert" hidden><strong>Payment failed</strong><p id="failure-text"></p></div>
       <button id="pay" class="primary">Pay ${escapeHtml(amount)}</button>
       <button id="fail" class="secondary">Simulate a failed payment</button>
       <p id="status" class="status" aria-live="polite"></p>
       <button class="link" data-dismiss>Cancel payment</button>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Razorpay Checkout (simulator)</title>
<style>
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; background: transparent; }
  body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1d2127; display: grid; place-items: center; background: rgba(17, 22, 31, 0.55); }
  .modal { width: min(380px, calc(100vw - 24px)); background: #fff; border-radius: 12px; overflow: hidden; box-shadow: 0 20px 50px rgba(0,0,0,.3); animation: rise .2s ease-out; }
  @keyframes rise { from { transform: translateY(12px); opacity: 0; } to { transform: none; opacity: 1; } }
  header { background: var(--theme); color: #fff; padding: 18px 20px; position: relative; }
  header .name { font-weight: 700; font-size: 17px; }
  header .desc { opacity: .9; font-size: 13px; margin-top: 2px; }
  header .amount { font-size: 26px; font-weight: 800; margin-top: 10px; }
  header .close { position: absolute; right: 10px; top: 8px; background: none; border: 0; color: #fff; font-size: 24px; cursor: pointer; opacity: .85; }
  .test { display: inline-block; background: rgba(255,255,255,.22); border-radius: 999px; padding: 2px 8px; font-size: 11px; font-weight: 700; letter-spacing: .04em; margin-top: 8px; }
  main { padding: 18px 20px 16px; display: flex; flex-direction: column; gap: 10px; }
  .method { margin: 0 0 4px; color: #5c6470; font-size: 13px; }
  .upi { display: inline-block; font-weight: 800; color: #0f7a3a; border: 1px solid #b7e4c7; border-radius: 6px; padding: 1px 6px; margin-right: 6px; }
  button { font: inherit; font-weight: 600; border-radius: 8px; cursor: pointer; }
  .primary { background: var(--theme); color: #fff; border: 0; padding: 12px; font-size: 16px; }
  .secondary { background: #fff; color: #b42318; border: 1px solid #f1b4b4; padding: 10px; }
  .link { background: none; border: 0; color: #5c6470; padding: 4px; font-weight: 500; font-size: 14px; }
  button:disabled { opacity: .6; cursor: progress; }
  button:focus { outline: none; }
  button:focus-visible { outline: 3px solid rgba(17, 22, 31, .25); outline-offset: 2px; }
  .failure, .problem { background: #fff5f5; border: 1px solid #ffc9c9; color: #a61e1e; border-radius: 8px; padding: 10px 12px; font-size: 14px; }
  .failure p, .problem p { margin: 4px 0 0; }
  .status { min-height: 1.2em; margin: 0; text-align: center; color: #5c6470; font-size: 14px; }
  footer { border-top: 1px solid #eef0f3; padding: 10px 20px; font-size: 12px; color: #8a919c; text-align: center; }
  body.paid .modal { opacity: .6; }
</style>
</head>
<body style="--theme: ${escapeHtml(view.color)}">
  <div class="modal" role="dialog" aria-modal="true" aria-label="Razorpay Checkout">
    <header>
      <button class="close" aria-label="Close" data-dismiss>&times;</button>
      <div class="name">${escapeHtml(view.name)}</div>
      ${view.description ? `<div class="desc">${escapeHtml(view.description)}</div>` : ''}
      ${amount ? `<div class="amount" data-amount>${escapeHtml(amount)}</div>` : ''}
      <span class="test">TEST MODE · SIMULATOR</span>
    </header>
    <main>${body}</main>
    <footer>Razorpay Checkout simulator · order ${escapeHtml(view.orderId)}</footer>
  </div>
  <script type="application/json" id="checkout-config">${scriptJson({ keyId: view.keyId, orderId: view.orderId, parentOrigin: view.parentOrigin })}</script>
  <script src="modal.js"></script>
</body>
</html>`;
}
