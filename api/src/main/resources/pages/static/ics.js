// An iCalendar (RFC 5545) file for one booking, made in the browser from what the page already shows: times in
// UTC (the "Z" form, so no VTIMEZONE is needed and every calendar converts correctly), UID = the booking id.

const utc = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11)
const text = (s) => String(s).replace(/[\\;,]/g, (c) => '\\' + c).replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence. */
function fold(line) {
  const encoder = new TextEncoder();
  const out = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function ics({ uid, start, end, summary, description, url, stamp }) {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//salesbooking//booking pages//EN', 'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH', 'BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:${utc(stamp)}`, `DTSTART:${utc(start)}`,
    `DTEND:${utc(end)}`, `SUMMARY:${text(summary)}`];
  if (description) lines.push(`DESCRIPTION:${text(description)}`);
  if (url) lines.push(`URL:${url}`, `LOCATION:${text(url)}`);
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
