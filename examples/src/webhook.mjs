// Webhooks: a shop owner registers a callback URL and presses "send test event".
// VULNERABLE (SSRF): the URL goes to fetch unchecked, so a caller can aim it at
// http://localhost:9001 (the Lambda Runtime API) or any internal address.
const TIMEOUT_MS = 3000;

function sampleEvent(kind) {
  return { type: kind, id: 'evt_test', created: Date.now() };
}

async function deliver(target, payload) {
  const res = await fetch(target, {  // expect: KL-CODE-005
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return res.status;
}

export const handler = async (event) => {
  const { callbackUrl, kind = 'order.created' } = JSON.parse(event.body || '{}');
  const status = await deliver(callbackUrl, sampleEvent(kind));
  return { statusCode: 200, body: JSON.stringify({ delivered: status }) };
};
