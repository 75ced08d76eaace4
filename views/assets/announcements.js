// Announcements, live: the pinned banner (a new one arrives, "Acknowledge"
// dismisses in place, an acknowledgement in another tab or a withdrawal
// removes it) and the figures page (counts climb as people acknowledge).
// Events: server/realtime/realtime-events.ts. Without this script every
// action is a plain form post and every page still shows the truth.

const lang = document.body.dataset.lang || document.documentElement.lang || 'en';
const numbers = new Intl.NumberFormat(lang);
const here = location.pathname + location.search;
const banner = document.querySelector('[data-announcements]');
const figures = document.querySelector('[data-announcement-stats]');

const cardsOf = (id) => document.querySelectorAll(`[data-announcement-id="${CSS.escape(id)}"]`);

function removeCard(id) {
  for (const card of cardsOf(id)) card.remove();
  if (banner && !banner.querySelector('[data-announcement-id]')) banner.hidden = true;
}

function wire(root) {
  for (const form of root.querySelectorAll('form.announcement-ack')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const card = form.closest('[data-announcement-id]');
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-Warble-Fragment': '1' },
        credentials: 'same-origin',
      }).catch(() => null);
      if (!response || !response.ok) {
        form.submit(); // let the server show what went wrong
        return;
      }
      if (!card) return;
      // Keyboard users keep their place: the next announcement's button, else the page heading.
      const next = card.nextElementSibling?.querySelector('form.announcement-ack button');
      removeCard(card.dataset.announcementId);
      const target = next ?? document.querySelector('.page-title');
      if (target && !next) target.setAttribute('tabindex', '-1');
      target?.focus();
    });
  }
}

async function arrived(announcement) {
  if (!banner || !announcement?.id || cardsOf(announcement.id).length > 0) return;
  const response = await fetch(`/announcements/${encodeURIComponent(announcement.id)}/banner?returnTo=${encodeURIComponent(here)}`, {
    headers: { Accept: 'text/html' },
    credentials: 'same-origin',
  }).catch(() => null);
  if (!response || !response.ok) return;
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  const card = template.content.firstElementChild;
  if (!card || cardsOf(announcement.id).length > 0) return;
  wire(card);
  banner.prepend(card);
  banner.hidden = false;
}

const fullDate = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
let listing = null; // the running re-read of who has not acknowledged
let listAgain = false;

/** Re-reads who has not acknowledged (same rules as the page) and updates the table in place. */
async function refreshList() {
  if (listing) {
    listAgain = true;
    return;
  }
  listing = (async () => {
    do {
      listAgain = false;
      const response = await fetch(`/api/v1/announcements/${encodeURIComponent(figures.dataset.announcementStats)}/stats`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      }).catch(() => null);
      if (!response || !response.ok) return;
      const stats = await response.json();
      const pending = new Map(stats.not_acknowledged.map((person) => [person.id, person]));
      for (const row of document.querySelectorAll('[data-not-acknowledged] tr[data-person]')) {
        const person = pending.get(row.dataset.person);
        if (!person) {
          row.remove();
          continue;
        }
        const cell = row.querySelector('[data-seen]');
        if (person.seen_at && cell && !cell.querySelector('time')) {
          const time = document.createElement('time');
          time.dateTime = person.seen_at;
          time.textContent = fullDate.format(new Date(person.seen_at));
          cell.replaceChildren(time);
        }
      }
      const done = document.querySelector('[data-everyone-acknowledged]');
      if (done) done.hidden = stats.not_acknowledged_count > 0;
    } while (listAgain);
  })().finally(() => {
    listing = null;
  });
}

function figuresChanged(event) {
  if (!figures || event.id !== figures.dataset.announcementStats) return;
  const values = { ...event, pending: event.delivered - event.acknowledged };
  for (const name of ['delivered', 'seen', 'acknowledged', 'pending']) {
    const node = figures.querySelector(`[data-figure="${name}"]`);
    if (node && typeof values[name] === 'number') node.textContent = numbers.format(values[name]);
  }
  refreshList();
}

wire(document);
const socket = window.warbleLive;
if (socket) {
  socket.on('announcement', (event) => arrived(event.announcement));
  socket.on('announcement.removed', (event) => removeCard(event.id));
  socket.on('announcement.stats', figuresChanged);
}
