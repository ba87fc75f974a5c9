/** Reads /config.json (served beside the app; cached by the service worker for offline starts). */
import type { WebConfig } from '../sdk/api.ts';

const FIELDS = ['gatewayUrl', 'queryUrl', 'issuerUrl', 'clientId', 'redirectUri'] as const;

export function parseConfig(body: unknown): WebConfig {
  if (typeof body !== 'object' || body === null) throw new Error('config.json: not an object');
  const o = body as Record<string, unknown>;
  for (const f of FIELDS) {
    if (typeof o[f] !== 'string' || o[f] === '') throw new Error(`config.json: "${f}" is missing`);
  }
  if (o.projection !== undefined && typeof o.projection !== 'string') throw new Error('config.json: "projection" is not a name');
  return {
    gatewayUrl: o.gatewayUrl as string, queryUrl: o.queryUrl as string, issuerUrl: o.issuerUrl as string,
    clientId: o.clientId as string, redirectUri: o.redirectUri as string,
    ...(o.projection ? { projection: o.projection as string } : {}),
  };
}

export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<WebConfig> {
  const res = await fetchFn('/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return parseConfig(await res.json());
}
