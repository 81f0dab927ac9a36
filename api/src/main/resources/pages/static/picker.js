// The slot picker: a person (unless fixed), a week of days that have free times, the times as buttons. Slots are
// shown in the visitor's zone (or, switched, the salesperson's) and grouped by the date in that zone; the
// availability API is asked per date of the salesperson's zone, so a week needs the dates around it too.

import { t, h, api, now, dateIn, addDays, dayLabel, timeIn, zoneName, visitorZone, problemText, notice, slugPath }
  from './common.js';

const WEEK = 7;
let firstSlotMarked = false;

export function picker({ slug, salespersons, fixed, initial, maxAdvanceDays, onChoose }) {
  const cache = new Map();
  let person = fixed || salespersons.find((s) => s.id === initial) || (salespersons.length === 1 ? salespersons[0] : null);
  let week = 0;
  let theirZone = false;
  let chosen = null;
  let generation = 0;

  const zoneText = h('p', { class: 'zone', id: 'zone-text' });
  const zoneSwitch = h('input', { type: 'checkbox', id: 'zone-switch', onchange: () => { theirZone = zoneSwitch.checked; render(); } });
  const zoneLabel = h('label', { for: 'zone-switch' });
  const prev = h('button', { type: 'button', 'data-action': 'week-prev', onclick: () => { week--; render(); } }, t('week.prev'));
  const next = h('button', { type: 'button', 'data-action': 'week-next', onclick: () => { week++; render(); } }, t('week.next'));
  const weekLabel = h('p', { class: 'week-label', 'aria-live': 'polite' });
  const days = h('div', { class: 'days' });
  const problems = h('div');
  const timeSection = h('section', { 'aria-labelledby': 'step-time' },
    h('h2', { id: 'step-time' }, t('step.time')), zoneText, h('p', { class: 'switch' }, zoneSwitch, ' ', zoneLabel),
    h('div', { class: 'week' }, prev, weekLabel, next), problems, days);

  const personButtons = salespersons.map((s) => h('button', {
    type: 'button', class: 'person', 'data-salesperson': s.id, 'aria-pressed': String(person === s),
    onclick: () => { person = s; week = 0; chosen = null; onChoose(null, s); personButtons.forEach((b) =>
      b.setAttribute('aria-pressed', String(b.dataset.salesperson === s.id))); render(true); },
  }, h('span', { class: 'name' }, s.display_name), h('span', { class: 'tz' }, t('person.zone', { zone: s.timezone }))));
  const personSection = fixed ? null : h('section', { 'aria-labelledby': 'step-person' },
    h('h2', { id: 'step-person' }, t('step.person')), h('div', { class: 'people' }, personButtons));

  const displayZone = () => (theirZone && person ? person.timezone : visitorZone);

  function slotsOf(date) {
    const key = `${person.id}|${date}`;
    if (!cache.has(key)) {
      const p = api('GET', `${slugPath(slug)}/availability?salesperson=${person.id}&date=${date}`)
        .then((r) => r.slots);
      p.catch(() => cache.delete(key));
      cache.set(key, p);
    }
    return cache.get(key);
  }

  async function render(autoAdvance = false) {
    const mine = ++generation;
    timeSection.hidden = !person;
    if (!person) return;
    const zone = displayZone();
    const sameZone = person.timezone === visitorZone;
    zoneSwitch.parentElement.hidden = sameZone;
    zoneLabel.textContent = t('zone.switch', { name: person.display_name, zone: person.timezone });
    zoneText.textContent = theirZone
      ? t('zone.theirs', { name: person.display_name, zone: zoneName(zone) }) : t('zone.yours', { zone: zoneName(zone) });
    const today = dateIn(now(), zone);
    const from = addDays(today, week * WEEK);
    const to = addDays(from, WEEK - 1);
    weekLabel.textContent = t('week.label', { from: dayLabel(from, { day: 'numeric', month: 'short' }),
      to: dayLabel(to, { day: 'numeric', month: 'short', year: 'numeric' }) });
    prev.disabled = week <= 0;
    const theirToday = dateIn(now(), person.timezone);
    const last = maxAdvanceDays ? addDays(theirToday, maxAdvanceDays) : null;
    next.disabled = last !== null && addDays(to, 1) > last;
    days.replaceChildren(h('p', { role: 'status' }, t('slots.loading')));
    notice(problems, '');
    // any instant of a display date falls on the salesperson's date before, on or after it
    const wanted = [];
    for (let d = addDays(from, -1); d <= addDays(to, 1); d = addDays(d, 1)) {
      if (d >= theirToday && (last === null || d <= last)) wanted.push(d);
    }
    let slots;
    try {
      slots = (await Promise.all(wanted.map(slotsOf))).flat();
    } catch (e) {
      if (mine !== generation) return;
      days.replaceChildren();
      notice(problems, problemText(e));
      problems.append(h('button', { type: 'button', onclick: () => render() }, t('action.retry')));
      return;
    }
    if (mine !== generation) return;
    const byDay = new Map();
    for (const s of slots.sort((a, b) => a.start_at.localeCompare(b.start_at))) {
      const day = dateIn(s.start_at, zone);
      if (day < from || day > to) continue;
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(s);
    }
    if (byDay.size === 0) {
      if (autoAdvance && week < 3 && !next.disabled) { week++; render(true); return; }
      days.replaceChildren(h('p', { class: 'empty' }, t('week.empty')));
      return;
    }
    days.replaceChildren(...[...byDay].map(([day, list]) => {
      const label = dayLabel(day);
      return h('section', { class: 'day', 'aria-label': label }, h('h3', {}, label), h('ul', { class: 'slots' },
        list.map((s) => h('li', {}, h('button', {
          type: 'button', class: 'slot', 'data-start': s.start_at, 'data-end': s.end_at,
          'aria-pressed': String(chosen?.start_at === s.start_at),
          'aria-label': t('slot.label', { day: label, time: timeIn(s.start_at, zone) }),
          onclick: (ev) => {
            chosen = s;
            days.querySelectorAll('button.slot').forEach((b) => b.setAttribute('aria-pressed', String(b === ev.currentTarget)));
            onChoose(s, person, zone);
          },
        }, timeIn(s.start_at, zone))))));
    }));
    if (!firstSlotMarked) {
      firstSlotMarked = true;
      performance.mark('first-slot');
    }
  }

  return {
    element: h('div', {}, personSection, timeSection),
    /** Forgets the cached free times (after a conflict, they are stale) and draws the week again. */
    refresh() { cache.clear(); chosen = null; render(); },
    start() { render(true); },
    zone: displayZone,
  };
}
