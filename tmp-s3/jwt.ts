import { SignJWT, jwtVerify } from 'jose';
import { webcrypto } from 'node:crypto';
(async () => {
  const secret = new TextEncoder().encode('x'.repeat(40));
  const token = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c1').setExpirationTime('1h').sign(secret);
  const opts = { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] };
  const key = await webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  for (const [label, k] of [['uint8array', secret], ['cryptokey', key]] as const) {
    for (let i = 0; i < 2000; i++) await jwtVerify(token, k as any, opts);
    const c0 = process.cpuUsage(); const N = 20000;
    for (let i = 0; i < N; i++) await jwtVerify(token, k as any, opts);
    const c = process.cpuUsage(c0); console.log(label, ((c.user + c.system) / N).toFixed(1), 'us/verify');
  }
})();
