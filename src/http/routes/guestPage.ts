/**
 * The guest's page behind a share link: server-rendered HTML that works without JavaScript and without
 * signing in. It shows the code, the doors and when it works, in the community's time zone — and, once
 * the code is revoked, used or expired, says so and shows no code.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/deps.ts';
import { type GuestPage, guestPage } from '../../services/guestCodes.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const DAY_NAMES: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

function when(date: Date, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);
  return z
    .toPlainDateTime()
    .toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

function validity(page: GuestPage): string {
  const parts: string[] = [];
  if (page.type === 'permanent') parts.push('Works until it is revoked.');
  if (page.schedule) {
    parts.push(
      `Works ${page.schedule.days.map((d) => DAY_NAMES[d] ?? d).join(', ')} from ${page.schedule.start} to ${page.schedule.end}.`,
    );
  }
  if (page.startsAt && page.type !== 'delivery') parts.push(`From ${when(page.startsAt, page.timeZone)}.`);
  if (page.endsAt) parts.push(`${page.type === 'delivery' ? 'Expires' : 'Until'} ${when(page.endsAt, page.timeZone)}.`);
  if (page.type === 'delivery') parts.push('One delivery: it stops working shortly after its first use.');
  parts.push(`Times are in ${page.timeZone.replaceAll('_', ' ')} time.`);
  return parts.map(escapeHtml).join(' ');
}

const STATUS_TEXT: Record<GuestPage['status'], string> = {
  active: 'This code works now.',
  scheduled: 'This code is not active yet (see when it works below).',
  used: 'This delivery code has been used and no longer works.',
  expired: 'This code has expired and no longer works.',
  revoked: 'This code was cancelled and no longer works.',
};

/** What to do when the keypad does not open: the person to ask is the resident who shared the code. */
function troubleshooting(page: GuestPage): string {
  return `<h2>If it does not open</h2>
       <ol class="help"><li>Press the keypad firmly to wake it, then enter the code.</li>
       <li>Finish with ✓ or # if the keypad has one of them.</li>
       <li>Wait for the light or the beep; if it shows red, wait a few seconds and try once more.</li></ol>
       <p>If it still does not open, contact ${escapeHtml(page.ownerName)}${page.communityName ? ` or the ${escapeHtml(page.communityName)} office` : ''}.</p>`;
}

export function renderGuestPage(page: GuestPage | undefined): string {
  // Where the guest is going: the community's name, and its street address when the manager gave one.
  const address = page?.communityAddress ? `<br><span class="address">${escapeHtml(page.communityAddress)}</span>` : '';
  const where = page?.communityName ? `<p class="where">${escapeHtml(page.communityName)}${address}</p>` : '';
  // The code is one string of digits (copyable as it is); spacing is letter-spacing, and it never wraps.
  const body = !page
    ? '<h1>Link not found</h1><p>This link is not valid. Ask your host to send it again.</p>'
    : `${where}<h1>Door code from ${escapeHtml(page.ownerName)}</h1>
       <p class="status">${escapeHtml(STATUS_TEXT[page.status])}</p>
       ${page.code ? `<p class="code" aria-label="Your code">${escapeHtml(page.code)}</p><p>Type it on the keypad.</p>` : ''}
       ${page.code ? `<h2>Doors</h2><ul>${page.doors.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul><h2>When it works</h2><p>${validity(page)}</p>${troubleshooting(page)}` : ''}
       <p class="for">For ${escapeHtml(page.guestName)}.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Your door code — Keyway</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;overflow-wrap:anywhere}
.where{margin:0;color:#555;font-weight:600}
.where .address{font-weight:400}
.code{font-size:clamp(2rem,12vw,3rem);font-weight:700;letter-spacing:.15em;margin:.5rem 0;white-space:nowrap;font-variant-numeric:tabular-nums;overflow-wrap:normal}
.status{font-weight:600}h2{font-size:1rem;margin-top:1.5rem}.help{padding-left:1.25rem}.for{color:#555}</style>
</head><body><main>${body}</main></body></html>`;
}

export const guestPageRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/g/:link',
      { schema: { hide: true, params: z.object({ link: z.string().max(120) }) } },
      async (request, reply) => {
        const [id = '', token = ''] = request.params.link.split('.');
        const page = await guestPage(deps, id, token);
        return reply
          .status(page ? 200 : 404)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .send(renderGuestPage(page));
      },
    );
  };
