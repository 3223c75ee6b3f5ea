export { createRazorpaySimulator, type RazorpaySimulator } from '@saga/razorpay-sim';
export { freePort, startEmbeddedPostgres } from '@saga/dev-harness';
