// Razorpay's key id is public (it is in every checkout answer); kept so an unpaid order's page
// can open Checkout again without checking out again.
const KEY = 'bazaar.razorpay-key-id';

export const rememberKeyId = (keyId: string) => localStorage.setItem(KEY, keyId);
export const rememberedKeyId = () => localStorage.getItem(KEY) ?? undefined;
