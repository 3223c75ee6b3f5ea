// The browser scripts of the simulated Checkout, read once: they are plain JavaScript files
// (browser/), served as they are.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const read = (file: string) => readFileSync(path.join(__dirname, 'browser', file), 'utf8');

export const CHECKOUT_SCRIPT = read('checkout.js');
export const MODAL_SCRIPT = read('modal.js');
