export { createRazorpaySimulator, type RazorpaySimulator } from '@saga/razorpay-sim';
export { freePort } from '@saga/dev-harness';
