import { getLocale } from './i18n/index.js';

/**
 * A problem+json error response (RFC 9457) as the API sends it.
 * @typedef {{type?: string, title?: string, status?: number, detail?: string, code?: string,
 *   errors?: import('./forms.js').FieldError[], phase?: string, allowedActions?: string[]}} Problem
 */

export class ApiError extends Error {
  /** @param {number} status @param {Problem} problem */
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The server could not be reached (offline, server down); the request may be repeated. */
export class NetworkError extends Error {}

/** The session's CSRF token; the API requires it on every non-GET request. */
let csrfToken = /** @type {string | null} */ (null);
let onUnauthorized = () => {};

/** Called when a request fails with 401 because the session has ended. */
export function setUnauthorizedHandler(/** @type {() => void} */ handler) {
  onUnauthorized = handler;
}

/**
 * A fresh key for the Idempotency-Key header. `crypto.randomUUID` exists only
 * in secure contexts (HTTPS or localhost); an intranet server on plain HTTP
 * still gets a random v4 UUID from `getRandomValues`.
 */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
 * @param {string} path below /api
 * @param {{body?: unknown, file?: Blob, headers?: Record<string, string>, idempotencyKey?: string, signal?: AbortSignal,
 *   expectUnauthorized?: boolean}} [options]
 *   file: sent as the raw body (an upload) with the Content-Type given in `headers`;
 *   expectUnauthorized: a 401 is an answer (bad password, no session yet), not a lost session
 */
export async function request(method, path, { body, file, headers: extraHeaders, idempotencyKey, signal, expectUnauthorized = false } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLocale(), ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  /** @type {Response} */
  let response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // fetch rejects with a TypeError when the network fails; naming it keeps
    // programming errors from being shown as "server not reachable".
    if (signal?.aborted) throw error;
    throw new NetworkError(String(error));
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status === 401 && !expectUnauthorized) onUnauthorized();
    throw new ApiError(response.status, data);
  }
  return data;
}

/**
 * Sends a file as the raw body of a POST with XMLHttpRequest, which (unlike
 * fetch) reports how much of the upload has gone: `onProgress` gets the
 * share sent, 0 to 1. Same headers and errors as `request`.
 *
 * @param {string} path below /api
 * @param {Blob} file
 * @param {{contentType: string, headers?: Record<string, string>, onProgress?: (share: number) => void, signal?: AbortSignal}} options
 */
export function uploadWithProgress(path, file, { contentType, headers = {}, onProgress, signal }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    const all = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLocale(), 'Content-Type': contentType, ...headers };
    if (csrfToken) all['X-CSRF-Token'] = csrfToken;
    for (const [name, value] of Object.entries(all)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let data = {};
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.status === 204 ? null : data);
      if (xhr.status === 401) onUnauthorized();
      reject(new ApiError(xhr.status, data));
    });
    xhr.addEventListener('error', () => reject(new NetworkError('upload failed')));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was aborted.', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** @param {string} value */
const segment = (value) => encodeURIComponent(value);
const mandatePath = (/** @type {string} */ regionId, /** @type {string} */ mandateId) => `/regions/${segment(regionId)}/mandates/${segment(mandateId)}`;

export const api = {
  /** The signed-in user, or null when there is no session. */
  async me() {
    try {
      const { user, csrfToken: token } = await request('GET', '/me', { expectUnauthorized: true });
      csrfToken = token;
      return user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },

  async login(/** @type {{email: string, password: string}} */ credentials) {
    const { user, csrfToken: token } = await request('POST', '/auth/login', {
      body: credentials,
      expectUnauthorized: true,
    });
    csrfToken = token;
    return user;
  },

  async logout() {
    await request('POST', '/auth/logout', { expectUnauthorized: true });
    csrfToken = null;
  },

  regions: (/** @type {AbortSignal} */ signal) => request('GET', '/regions', { signal }),

  /**
   * @param {string} regionId
   * @param {{phase?: string, q?: string, page: number, pageSize: number}} query
   * @param {AbortSignal} signal
   */
  mandates(regionId, query, signal) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, String(value));
    return request('GET', `/regions/${segment(regionId)}/mandates?${params}`, { signal });
  },

  createMandate: (/** @type {string} */ regionId, /** @type {object} */ body, /** @type {string} */ idempotencyKey) =>
    request('POST', `/regions/${segment(regionId)}/mandates`, { body, idempotencyKey }),

  /** @param {string} regionId @param {string} mandateId @param {AbortSignal} [signal] */
  mandate: (regionId, mandateId, signal) => request('GET', mandatePath(regionId, mandateId), { signal }),

  /** @param {string} regionId @param {string} mandateId @param {AbortSignal} [signal] */
  history: (regionId, mandateId, signal) => request('GET', `${mandatePath(regionId, mandateId)}/history`, { signal }),

  /**
   * @param {string} regionId @param {string} mandateId @param {string} action
   * @param {object} body @param {string} idempotencyKey
   */
  act: (regionId, mandateId, action, body, idempotencyKey) =>
    request('POST', `${mandatePath(regionId, mandateId)}/actions/${segment(action)}`, { body, idempotencyKey }),
};
