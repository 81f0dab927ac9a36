// The booking pages' views. /book/{slug}: choose, reserve (hold), "check your email". /verify: show, then
// confirm on a click (never on load: mail scanners open links). /manage: show, cancel, reschedule.
// Every API problem ends as a sentence from the bundle (common.js problemText); data-* attributes are test hooks.

import { t, h, api, show, notice, now, whenIn, instantIn, zoneName, visitorZone, remaining, newKey, problemText,
  page, slugPath } from './common.js';
import { picker } from './picker.js';
import { ics } from './ics.js';

const params = new URLSearchParams(location.search);
const brand = (name) => { document.getElementById('brand').textContent = name; };
const statusEl = (status) => h('span', { 'data-status': status, class: `status ${status}` }, t(`status.${status}`));
const errorP = (e) => h('p', { class: 'error', role: 'alert' }, problemText(e));

/** The booking's facts: person, time in the visitor's zone, in the salesperson's, status. */
function details(b) {
  const zone = b.salesperson.timezone;
  const rows = [[t('detail.with'), b.salesperson.display_name],
    [t('detail.when'), `${whenIn(b.start_at, b.end_at, visitorZone)} (${zoneName(visitorZone, b.start_at)})`]];
  if (zone !== visitorZone) {
    rows.push([t('detail.when.theirs', { name: b.salesperson.display_name }),
      `${whenIn(b.start_at, b.end_at, zone)} (${zoneName(zone, b.start_at)})`]);
  }
  rows.push([t('detail.status'), statusEl(b.status)]);
  return h('dl', { class: 'details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function joinLink(b) {
  return b.join_url ? h('p', {}, `${t('detail.join')}: `, h('a', { href: b.join_url, rel: 'noopener noreferrer' }, b.join_url)) : null;
}

function icsLink(b) {
  const text = ics({ uid: b.booking_id, start: b.start_at, end: b.end_at, stamp: new Date(now()).toISOString(),
    summary: t('ics.summary', { name: b.salesperson.display_name, tenant: b.tenant_name || page.tenant }),
    description: b.join_url ? t('ics.description', { url: b.join_url }) : '', url: b.join_url });
  const href = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  return h('p', {}, h('a', { href, download: 'meeting.ics', 'data-action': 'ics', class: 'button' }, t('action.ics')));
}

const bookAgain = (slug) => h('p', {}, h('a', { href: `/book/${encodeURIComponent(slug)}`, class: 'button' }, t('action.book-again')));

function expiredView(slug, b) {
  show(t('expired.title'), b ? details({ ...b, status: 'expired' }) : h('p', {}, statusEl('expired')),
    h('p', {}, t('expired.text')), bookAgain(slug));
}

/** "Check your email": the hold's live countdown and a way to send the link again. */
function checkEmailView({ slug, booking, email, title = t('check.title'), text }) {
  const timer = h('span', { role: 'timer' });
  const problems = h('div');
  let key = null;
  const resend = h('button', { type: 'button', 'data-action': 'resend', onclick: async () => {
    resend.disabled = true;
    key = key || newKey();
    try {
      await api('POST', `${slugPath(slug)}/auth/verify-email`, { booking_id: booking.booking_id }, key);
      key = null;
      notice(problems, t('resend.done'), 'info');
    } catch (e) {
      if (e.code === 'hold_expired') return expire();
      if (e.code !== 'request_in_progress') key = null;
      notice(problems, problemText(e));
    } finally {
      resend.disabled = false;
    }
  } }, t('action.resend'));
  show(title, h('p', {}, text || t('check.text', { email, name: booking.salesperson.display_name,
    when: `${whenIn(booking.start_at, booking.end_at, visitorZone)} (${zoneName(visitorZone, booking.start_at)})` })),
  details(booking), h('p', { class: 'timer' }, timer), h('p', {}, resend), problems);
  const expiresAt = Date.parse(booking.expires_at);
  const tick = () => {
    const left = expiresAt - now();
    if (left <= 0) return expire();
    timer.textContent = t('check.timer', { remaining: remaining(left) });
  };
  const interval = setInterval(tick, 1000);
  function expire() {
    clearInterval(interval);
    expiredView(slug, booking);
  }
  tick();
}

// ---- /book/{slug} ------------------------------------------------------------------------------------------

async function bookPage() {
  const slug = page.slug;
  let people;
  try {
    people = await api('GET', `${slugPath(slug)}/salespersons`);
  } catch (e) {
    return show(t('title.book', { tenant: page.tenant }), errorP(e));
  }
  let choice = null;
  const chosen = h('p', { id: 'chosen', class: 'chosen', 'aria-live': 'polite' }, t('slot.none'));
  const problems = h('div');
  const pick = picker({ slug, salespersons: people, initial: params.get('salesperson'),
    maxAdvanceDays: Number(page.maxAdvanceDays) || null,
    onChoose: (slot, person, zone) => {
      choice = slot ? { slot, person } : null;
      chosen.textContent = slot ? t('slot.chosen', { when: `${whenIn(slot.start_at, slot.end_at, zone)} (${zoneName(zone, slot.start_at)})` })
        : t('slot.none');
      notice(problems, '');
    } });
  const field = (name, label, attrs = {}, hint = null) => h('p', { class: 'field' },
    h('label', { for: `f-${name}` }, label),
    h('input', { id: `f-${name}`, name, 'aria-describedby': hint ? `f-${name}-hint` : null, ...attrs }),
    hint ? h('span', { id: `f-${name}-hint`, class: 'hint' }, hint) : null);
  const holdButton = h('button', { type: 'submit', 'data-action': 'hold' }, t('action.hold'));
  const keys = new Map();
  const form = h('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    if (!choice) return notice(problems, t('slot.none'));
    const data = new FormData(form);
    const body = { salesperson_id: choice.person.id, start_at: choice.slot.start_at, end_at: choice.slot.end_at,
      customer: { email: data.get('email').trim(), name: data.get('name').trim() || undefined,
        company: data.get('company').trim() || undefined } };
    // the same request again (a retry after a network error) reuses its key, so it cannot hold twice
    const fingerprint = JSON.stringify(body);
    if (!keys.has(fingerprint)) keys.set(fingerprint, newKey());
    holdButton.disabled = true;
    holdButton.textContent = t('action.holding');
    try {
      const held = await api('POST', `${slugPath(slug)}/holds`, body, keys.get(fingerprint));
      const sent = await api('POST', `${slugPath(slug)}/auth/verify-email`, { booking_id: held.booking_id }, newKey());
      const person = choice.person;
      checkEmailView({ slug, email: body.customer.email, booking: { booking_id: held.booking_id, status: sent.status,
        start_at: held.start_at, end_at: held.end_at, expires_at: sent.expires_at,
        salesperson: { display_name: person.display_name, timezone: person.timezone } } });
    } catch (e) {
      notice(problems, problemText(e));
      if (e.code === 'slot_taken' || e.code === 'slot_unavailable') {
        choice = null;
        chosen.textContent = t('slot.none');
        pick.refresh();
      }
      holdButton.disabled = false;
      holdButton.textContent = t('action.hold');
    }
  } },
  field('email', t('field.email'), { type: 'email', required: true, autocomplete: 'email', maxlength: 254 }, t('field.email.hint')),
  field('name', t('field.name'), { type: 'text', autocomplete: 'name', maxlength: 200 }),
  field('company', t('field.company'), { type: 'text', autocomplete: 'organization', maxlength: 200 }),
  chosen, problems, h('p', {}, holdButton));
  show(t('title.book', { tenant: page.tenant }), pick.element,
    h('section', { 'aria-labelledby': 'step-details' }, h('h2', { id: 'step-details' }, t('step.details')), form));
  pick.start();
}

// ---- /verify?token= --------------------------------------------------------------------------------------

async function loadLink() {
  return api('GET', `/v1/public/link?token=${encodeURIComponent(params.get('token') || '')}`);
}

function confirmedView(b, already) {
  show(t('confirmed.title'), already ? h('p', {}, t('confirmed.already')) : null, details(b), joinLink(b), icsLink(b),
    h('p', {}, t('confirmed.outlook')));
}

function canceledView(b) {
  const why = b.cancel_reason === 'rescheduled' ? t('canceled.rescheduled')
    : b.cancel_reason === 'outlook_deleted' ? t('canceled.salesperson', { name: b.salesperson.display_name })
      : t('canceled.text', { when: `${whenIn(b.start_at, b.end_at, visitorZone)} (${zoneName(visitorZone, b.start_at)})` });
  show(t('canceled.title'), details(b), h('p', {}, why), h('p', {}, h('a', { href: `/book/${encodeURIComponent(b.tenant_slug)}` }, t('book.new'))));
}

async function verifyPage() {
  let b;
  try {
    b = await loadLink();
  } catch (e) {
    return show(t('title.verify'), errorP(e));
  }
  brand(b.tenant_name);
  if (b.status === 'confirmed') return confirmedView(b, true);
  if (b.status === 'canceled') return canceledView(b);
  if (b.status === 'expired' || (!b.actionable && !b.link_used)) return expiredView(b.tenant_slug, b);
  if (!b.actionable) return show(t('title.verify'), details(b), h('p', { class: 'error', role: 'alert' }, t('error.token_used')));
  // one key per page load: a double click, or a retry after an error, is the same confirm
  const key = newKey();
  const problems = h('div');
  const timer = h('span', { role: 'timer' });
  const button = h('button', { type: 'button', 'data-action': 'confirm', onclick: async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.textContent = t('action.confirming');
    try {
      const r = await api('POST', `${slugPath(b.tenant_slug)}/confirm`, { token: params.get('token') }, key);
      clearInterval(interval);
      confirmedView({ ...b, status: r.status, join_url: r.join_url, start_at: r.start_at, end_at: r.end_at }, false);
    } catch (e) {
      if (e.code === 'hold_expired') {
        clearInterval(interval);
        return expiredView(b.tenant_slug, b);
      }
      notice(problems, problemText(e));
      button.disabled = false;
      button.textContent = t('action.confirm');
    }
  } }, t('action.confirm'));
  show(t('title.verify'), h('p', {}, t('verify.text')), details(b), h('p', { class: 'timer' }, timer),
    problems, h('p', {}, button));
  const expiresAt = Date.parse(b.expires_at);
  const tick = () => {
    const left = expiresAt - now();
    if (left <= 0) {
      clearInterval(interval);
      return expiredView(b.tenant_slug, b);
    }
    timer.textContent = t('check.timer', { remaining: remaining(left) });
  };
  const interval = setInterval(tick, 1000);
  tick();
}

// ---- /manage?token= --------------------------------------------------------------------------------------

async function managePage() {
  let b;
  try {
    b = await loadLink();
  } catch (e) {
    return show(t('title.manage'), errorP(e));
  }
  brand(b.tenant_name);
  manageView(b, { cancel: newKey(), reschedule: new Map() });
}

function manageView(b, keys, message) {
  if (b.status === 'canceled') return canceledView(b);
  const deadline = `${instantIn(b.changes_until, visitorZone)} (${zoneName(visitorZone, b.changes_until)})`;
  const problems = h('div');
  if (message) notice(problems, message);
  if (b.status !== 'confirmed' || !b.actionable) {
    const why = b.status === 'confirmed' && b.link_used ? h('p', { class: 'error', role: 'alert' }, t('error.token_used'))
      : h('p', {}, t('manage.closed', { deadline, name: b.salesperson.display_name }));
    return show(t('title.manage'), problems, details(b), joinLink(b), why, b.status === 'confirmed' ? icsLink(b) : null);
  }
  const area = h('div', { class: 'confirm-step' });
  const cancel = h('button', { type: 'button', 'data-action': 'cancel', onclick: () => {
    const yes = h('button', { type: 'button', 'data-action': 'cancel-confirm', class: 'danger', onclick: async () => {
      yes.disabled = true;
      try {
        await api('POST', `${slugPath(b.tenant_slug)}/bookings/${b.booking_id}/cancel`, { token: params.get('token') }, keys.cancel);
        canceledView({ ...b, status: 'canceled', cancel_reason: 'customer', join_url: null });
      } catch (e) {
        yes.disabled = false;
        if (e.code === 'cancel_deadline_passed' || e.code === 'invalid_state') return reload(b, keys, problemText(e));
        notice(area, problemText(e));
      }
    } }, t('action.cancel-confirm'));
    const no = h('button', { type: 'button', 'data-action': 'cancel-abort', onclick: () => { area.replaceChildren(); cancel.focus(); } },
      t('action.cancel-abort'));
    const question = h('p', { tabindex: '-1' }, t('cancel.question', { when: whenIn(b.start_at, b.end_at, visitorZone) }));
    area.replaceChildren(question, h('p', { class: 'actions' }, yes, ' ', no));
    question.focus();
  } }, t('action.cancel'));
  const reschedule = h('button', { type: 'button', 'data-action': 'reschedule', onclick: () => rescheduleView(b, keys) },
    t('action.reschedule'));
  show(t('title.manage'), problems, details(b), joinLink(b), icsLink(b), h('p', {}, t('manage.until', { deadline })),
    h('p', { class: 'actions' }, reschedule, ' ', cancel), area);
}

async function reload(b, keys, message) {
  try {
    manageView(await loadLink(), keys, message);
  } catch (e) {
    show(t('title.manage'), errorP(e));
  }
}

function rescheduleView(b, keys) {
  let choice = null;
  const chosen = h('p', { class: 'chosen', 'aria-live': 'polite' }, t('slot.none'));
  const problems = h('div');
  const person = { id: b.salesperson.id, display_name: b.salesperson.display_name, timezone: b.salesperson.timezone };
  const pick = picker({ slug: b.tenant_slug, salespersons: [person], fixed: person, maxAdvanceDays: null,
    onChoose: (slot, p, zone) => {
      choice = slot;
      chosen.textContent = slot ? t('slot.chosen', { when: `${whenIn(slot.start_at, slot.end_at, zone)} (${zoneName(zone, slot.start_at)})` })
        : t('slot.none');
      notice(problems, '');
    } });
  const move = h('button', { type: 'button', 'data-action': 'reschedule-confirm', onclick: async () => {
    if (!choice) return notice(problems, t('slot.none'));
    const slot = choice;
    if (!keys.reschedule.has(slot.start_at)) keys.reschedule.set(slot.start_at, newKey());
    move.disabled = true;
    try {
      const r = await api('POST', `${slugPath(b.tenant_slug)}/bookings/${b.booking_id}/reschedule`,
        { token: params.get('token'), new_start_at: slot.start_at, new_end_at: slot.end_at }, keys.reschedule.get(slot.start_at));
      const booking = { booking_id: r.booking_id, status: r.status, start_at: r.start_at, end_at: r.end_at,
        expires_at: r.expires_at, salesperson: b.salesperson };
      checkEmailView({ slug: b.tenant_slug, booking, title: t('reschedule.done.title'),
        text: t('reschedule.done.text', { when: `${whenIn(r.start_at, r.end_at, visitorZone)} (${zoneName(visitorZone, r.start_at)})` }) });
    } catch (e) {
      move.disabled = false;
      if (e.code === 'cancel_deadline_passed' || e.code === 'invalid_state' || e.code === 'token_used') {
        return reload(b, keys, problemText(e));
      }
      notice(problems, problemText(e));
      if (e.code === 'slot_taken' || e.code === 'slot_unavailable') {
        choice = null;
        chosen.textContent = t('slot.none');
        pick.refresh();
      }
    }
  } }, t('action.reschedule-confirm'));
  const back = h('button', { type: 'button', 'data-action': 'back', onclick: () => manageView(b, keys) }, t('action.back'));
  show(t('reschedule.title'), h('p', {}, t('reschedule.text')), details(b), pick.element, chosen, problems,
    h('p', { class: 'actions' }, move, ' ', back));
  pick.start();
}

// ---- routing ---------------------------------------------------------------------------------------------

const views = { book: bookPage, verify: verifyPage, manage: managePage,
  missing: () => show(t('title.missing'), h('p', {}, t('missing.text'))) };
(views[page.page] || views.missing)();
