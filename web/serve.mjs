// Serves the built app (web/dist) and its /config.json: a small static server on node:http, no dependency.
//
//   node serve.mjs                (or: npm run serve)
//
// Environment (defaults in brackets, those of ./local-stack.sh):
//   WEB_PORT [8085]  WEB_HOST [127.0.0.1]  WEB_DIST [<this folder>/dist]
//   GATEWAY_URL [http://localhost:8081]  QUERY_URL [http://localhost:8082]  ISSUER_URL [http://localhost:8084]
//   WEB_PUBLIC_URL [http://localhost:<WEB_PORT>]: the address a browser opens, whose /callback the issuer
//     must allow as redirect (ISSUER_WEB_REDIRECT_URIS) and whose origin the services must allow (CORS_ALLOWED_ORIGINS)
//   WEB_PROJECTION [none: the SDK's v1]: the app's derivation by name (v1, v2, v3: v3 shows archived items)
//
// Routes: /health (readiness), /config.json (from the environment), the files of dist, and index.html for the
// app's own addresses (/, /callback, /lists/...). index.html and sw.js are sent with Cache-Control: no-cache
// (a new deploy is seen at once; the service worker keeps the page working offline), other files may be cached
// for an hour, and those whose name carries a content hash (name-HASH.ext) for a year.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const port = Number(env.WEB_PORT || 8085);
const host = env.WEB_HOST || '127.0.0.1';
const dist = resolve(env.WEB_DIST || join(here, 'dist'));
const publicUrl = trimSlash(env.WEB_PUBLIC_URL || `http://localhost:${port}`);

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`WEB_PORT must be a port number (0 to 65535), was '${env.WEB_PORT}'`);
}

const config = JSON.stringify({
  gatewayUrl: trimSlash(env.GATEWAY_URL || 'http://localhost:8081'),
  queryUrl: trimSlash(env.QUERY_URL || 'http://localhost:8082'),
  issuerUrl: trimSlash(env.ISSUER_URL || 'http://localhost:8084'),
  clientId: 'offline-sync-web',
  redirectUri: `${publicUrl}/callback`,
  ...(env.WEB_PROJECTION ? { projection: env.WEB_PROJECTION } : {}),
});

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The app's own addresses, answered with index.html (the page routes them itself). */
const isAppRoute = (path) => path === '/' || path === '/callback' || path === '/lists' || path.startsWith('/lists/');
/** A file name with a content hash (app-3F2A9C1B.js): its content never changes under that name. */
const isHashed = (path) => /[.-][A-Za-z0-9]{8,}\.[a-z0-9]+$/.test(path) && /\d/.test(path.split('/').pop());

const server = createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => {
    if (req.url !== '/health') {
      log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    }
  });
  try {
    await answer(req, res);
  } catch (error) {
    log(`error answering ${req.method} ${req.url}: ${error.stack || error}`);
    if (!res.headersSent) {
      send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
    } else {
      res.destroy();
    }
  }
});

async function answer(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return send(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
  }
  if (path === '/health') {
    const ready = await isFile(join(dist, 'index.html'));
    return send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'UP' : 'DOWN', dist }),
      { 'Cache-Control': 'no-store' });
  }
  if (path === '/config.json') {
    return send(res, 200, TYPES['.json'], config, { 'Cache-Control': 'no-cache' }, req.method === 'HEAD');
  }
  if (isAppRoute(path)) {
    return sendFile(req, res, join(dist, 'index.html'), '/index.html');
  }
  const file = normalize(join(dist, path));
  if (path.includes('\0') || (file !== dist && !file.startsWith(dist + sep))) {
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }
  if (await isFile(file)) {
    return sendFile(req, res, file, path);
  }
  return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

async function sendFile(req, res, file, path) {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    return send(res, 503, 'text/plain; charset=utf-8', 'the app is not built: run npm run build in web/\n');
  }
  const name = path.split('/').pop();
  const cache = name === 'index.html' || name === 'sw.js' || name === 'config.json'
    ? 'no-cache'
    : isHashed(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  res.setHeader('Cache-Control', cache);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', info.mtime.toUTCString());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (name === 'sw.js') {
    // the service worker controls the whole origin, wherever the page that registers it lives
    res.setHeader('Service-Worker-Allowed', '/');
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': info.size });
  if (req.method === 'HEAD') {
    return res.end();
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function send(res, status, type, body, headers = {}, headOnly = false) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(headOnly ? undefined : body);
}

async function isFile(file) {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

function trimSlash(url) {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function log(line) {
  console.log(`${new Date().toISOString()} web: ${line}`);
}

function fail(line) {
  console.error(`web: ${line}`);
  process.exit(1);
}

server.on('error', (error) => fail(error.code === 'EADDRINUSE'
  ? `port ${port} on ${host} is already in use; set WEB_PORT to another port`
  : `cannot listen on ${host}:${port}: ${error.message}`));

server.listen(port, host, () => {
  const address = server.address();
  log(`serving ${dist} on http://${host}:${address.port} (public URL ${publicUrl}); config ${config}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    // a stream that will not close must not keep the process: exit anyway after a moment
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
