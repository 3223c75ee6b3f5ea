// `npx tsx tools/dev-token.ts [customer|vendor] [id]`: a development token signed with JWT_SECRET
// (else the documented development secret), for calling a system you started some other way
// (`dapr run -f dapr.yaml`, one service alone). `npm start` prints its own.
import { DEV_SECRETS } from '@saga/runtime';
import { signDevToken } from '@saga/dev-harness';

async function main(): Promise<void> {
  const [role = 'customer', id] = process.argv.slice(2);
  const secret = process.env.JWT_SECRET || DEV_SECRETS.JWT_SECRET;
  if (role === 'customer')
    process.stdout.write(`${await signDevToken(secret, { sub: id ?? 'customer-demo-1', role: 'customer' })}\n`);
  else if (role === 'vendor') {
    const vendorId = id ?? 'vendor-udupi-kitchen';
    process.stdout.write(`${await signDevToken(secret, { sub: `user-of-${vendorId}`, role: 'vendor', vendorId })}\n`);
  } else {
    process.stderr.write('usage: npx tsx tools/dev-token.ts [customer|vendor] [customer id | vendor id]\n');
    process.exit(2);
  }
}

void main();
