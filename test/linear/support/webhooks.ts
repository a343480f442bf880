import { createHmac, randomUUID } from 'node:crypto';

export const SECRET = 'lin_wh_test_secret_0123456789abcdef';

/** As Linear signs: HMAC-SHA256 of the raw body, hex, in the `linear-signature` header. */
export function sign(body: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export interface Delivery {
  status: number;
  body: string;
  ms: number;
}

export async function postWebhook(
  baseUrl: string,
  payload: unknown,
  options: {
    delivery?: string;
    signature?: string | null;
    secret?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Delivery> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature =
    options.signature === undefined ? sign(body, options.secret) : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'linear-delivery': options.delivery ?? randomUUID(),
    'linear-event': 'Issue',
    'user-agent': 'Linear-Webhook',
    ...(signature !== null && { 'linear-signature': signature }),
    ...options.headers,
  };
  const start = performance.now();
  const response = await fetch(`${baseUrl}/webhooks/linear`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - start };
}
