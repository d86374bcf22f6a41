// The page's one way to the service: every request carries the sign-in token when there is
// one (Authorization: Bearer), and answers are read into {status, ok, json, etag, problem}.
// Problems are RFC 9457 application/problem+json with title, detail and field.
//
// A token comes from a link (/#token=…: a URL fragment never reaches server logs or Referer
// headers; it is removed from the address bar at once) or from the sign-in form, and is kept in
// sessionStorage: gone when the tab closes. Every API route needs one (issue #30); a 401 answer
// brings up the sign-in form. GET /v1/me says whose token it is and which routes it may call,
// so the page offers only what the role may do.

const TOKEN_KEY = 'roadscan.token';
const unauthorizedListeners = [];
let signedIn = null;

/**
 * Who the token belongs to: {name, role, may: ["PATCH /v1/damages/{id}", ...]}, or null without
 * a usable token. Asked once per token.
 */
export async function me() {
  if (signedIn && signedIn.token === token()) {
    return signedIn.me;
  }
  const current = token();
  const answer = current ? await request('/v1/me') : { ok: false };
  signedIn = { token: current, me: answer.ok ? answer.json : null };
  return signedIn.me;
}

/** Whether the signed-in token may call a route, e.g. may(who, 'PATCH /v1/damages/{id}'). */
export function may(who, route) {
  return Boolean(who && Array.isArray(who.may) && who.may.includes(route));
}

/** Takes a token from the address's fragment (#token=…) and removes the fragment. */
export function takeTokenFromAddress() {
  const match = window.location.hash.match(/^#(?:.*&)?token=([^&]+)/);
  if (!match) {
    return false;
  }
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return true;
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  signedIn = null;
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

/** Headers with the token added when there is one. */
export function authHeaders(headers = {}) {
  const value = token();
  return value ? { ...headers, Authorization: `Bearer ${value}` } : { ...headers };
}

/**
 * Sends a request; never throws for HTTP errors. A network failure answers status 0 with a
 * problem saying so.
 */
export async function request(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: authHeaders({ Accept: 'application/json', ...headers }), signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) {
      init.headers['Content-Type'] = 'application/json';
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === 'AbortError') {
      throw err;
    }
    return { status: 0, ok: false, json: null, etag: null, problem: { title: 'network', detail: String(err) } };
  }
  return read(response);
}

export async function read(response) {
  const type = response.headers.get('Content-Type') || '';
  let json = null;
  if (type.includes('json')) {
    try {
      json = await response.json();
    } catch (err) {
      json = null;
    }
  }
  if (response.status === 401) {
    unauthorizedListeners.forEach((listener) => listener());
  }
  return {
    status: response.status,
    ok: response.ok,
    json: response.ok ? json : null,
    etag: response.headers.get('ETag'),
    problem: response.ok ? null : (json || { title: response.statusText, detail: `HTTP ${response.status}` }),
  };
}

/** A problem as one line for people: its detail, else its title. */
export function describe(problem) {
  if (!problem) {
    return '';
  }
  return problem.detail || problem.title || String(problem.status || '');
}

/**
 * Sets an img's picture from the service. Without a token the browser loads it directly (and
 * caches it); with one it is fetched with the Authorization header and shown from a blob: URL,
 * as an img element cannot send headers.
 */
export async function loadImage(img, url) {
  // where the picture comes from, also when it is shown from a blob: URL
  img.dataset.source = url;
  if (!token()) {
    img.src = url;
    return;
  }
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) {
    img.dispatchEvent(new Event('error'));
    return;
  }
  const blob = await response.blob();
  const previous = img.dataset.blobUrl;
  img.dataset.blobUrl = URL.createObjectURL(blob);
  img.src = img.dataset.blobUrl;
  if (previous) {
    URL.revokeObjectURL(previous);
  }
}

/**
 * Follows a download link. Without a token the link works as it is; with one the file is
 * fetched with the header and handed to the browser as a blob.
 */
export async function download(url, fileName) {
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) {
    return read(response);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return { ok: true };
}
