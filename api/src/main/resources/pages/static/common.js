// Shared by the booking pages: strings, the server's clock, time formatting, DOM building and the API client.
// No framework: the pages are a few views, and every byte counts against the 150 KB first-load budget.

const body = document.body;
const messages = JSON.parse(document.getElementById('messages').textContent);
export const lang = document.documentElement.lang || 'en';
// dates and times in the page's language, in the visitor's own regional form of it when the browser has one
// (en-GB: 18:00, en-US: 6:00 PM)
const locale = (navigator.languages || []).find((l) => l.split('-')[0].toLowerCase() === lang) || lang;
export const page = body.dataset;

/** A string of the bundle, {name} placeholders filled; the key itself if missing (visible, never blank). */
export function t(key, params = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// The server's clock, not the visitor's: a hold's countdown and "today" must agree with the server even when the
// visitor's clock is off (and in tests, where the server runs on a test clock).
const skew = Date.parse(page.serverTime) - Date.now();
export const now = () => Date.now() + (Number.isFinite(skew) ? skew : 0);

export const visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const formats = new Map();
function format(zone, options, loc = locale) {
  const key = loc + zone + JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(loc, { ...options, timeZone: zone }));
  return formats.get(key);
}

/** YYYY-MM-DD of an instant in a zone. */
export const dateIn = (instant, zone) => format(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA')
  .format(new Date(instant));
/** A calendar date plus n days (pure date arithmetic, no zone involved). */
export const addDays = (date, n) => new Date(Date.parse(date + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
/** "Wednesday, 3 March" for a calendar date. */
export const dayLabel = (date, options = { weekday: 'long', day: 'numeric', month: 'long' }) =>
  format('UTC', options).format(new Date(date + 'T12:00:00Z'));
export const timeIn = (instant, zone) => format(zone, { hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
/** "Wednesday, 3 March 2027, 18:00 – 19:00" in a zone. */
export function whenIn(start, end, zone) {
  const day = format(zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(start));
  return `${day}, ${timeIn(start, zone)} – ${timeIn(end, zone)}`;
}
/** "Friday, 5 March 2027, 10:00" in a zone. */
export const instantIn = (instant, zone) => format(zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
/** "Asia/Tokyo (GMT+9)": the zone's name and its offset at that instant (DST-correct). */
export function zoneName(zone, instant = now()) {
  const part = format(zone, { timeZoneName: 'shortOffset' }).formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName');
  return part ? `${zone} (${part.value})` : zone;
}
/** "09:41" from milliseconds. */
export function remaining(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** An element: h('button', {type: 'button', onclick}, 'text', child...). Text is always text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const main = document.getElementById('main');
/** Replaces the page's content with a view; focus goes to its heading, so keyboard and screen reader users follow. */
export function show(title, ...content) {
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content);
  document.title = title;
  heading.focus();
}

/** A message region: role=alert for errors (announced at once), role=status for news. */
export function notice(el, text, kind = 'error') {
  el.replaceChildren(text ? h('p', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, text) : '');
}

/** A random id for Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A problem from the API: its stable code, field and Retry-After, for the human message. */
export class Problem extends Error {
  constructor(status, code, field, retryAfter) {
    super(code);
    Object.assign(this, { status, code, field, retryAfter });
  }
}

/** Calls the public API; resolves the JSON body, rejects with a Problem (code 'network' when offline). */
export async function api(method, path, body, key) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new Problem(0, 'network');
  }
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Problem(response.status, json.code || 'unknown', json.field,
      Number(response.headers.get('Retry-After')) || null);
  }
  return json;
}

/** The human message for a problem. */
export function problemText(p) {
  const code = p instanceof Problem ? p.code : 'unknown';
  if (code === 'rate_limited') return t('error.rate_limited', { minutes: Math.max(1, Math.ceil((p.retryAfter || 60) / 60)) });
  if (code === 'invalid_request' && p.field && messages[`error.invalid_request.${p.field}`]) {
    return t(`error.invalid_request.${p.field}`);
  }
  return messages[`error.${code}`] ? t(`error.${code}`) : t('error.unknown');
}

export const slugPath = (slug) => `/v1/public/${encodeURIComponent(slug)}`;
