// Warble's page script: live timelines over the Socket.IO client Warble
// serves (events: server/realtime/realtime-events.ts), in-place actions,
// the compose counter and relative times. Every page works without it:
// this only enhances the server-rendered HTML and its plain form posts.

const body = document.body;
const lang = body.dataset.lang || document.documentElement.lang || 'en';
const pageStream = body.dataset.stream || '';
const strings = document.querySelector('.live-strings')?.dataset ?? {};
const numbers = new Intl.NumberFormat(lang);
const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
const here = location.pathname + location.search;

/* ---------- DOM updates (independent of the transport) ---------- */

const timeline = () => document.querySelector('.thread-replies [data-timeline]') ?? document.querySelector('[data-timeline]');
const isThread = () => pageStream.startsWith('thread:');
const cardsOf = (id) => document.querySelectorAll(`[data-post-id="${CSS.escape(id)}"], [data-entry-id="${CSS.escape(id)}"]`);
const queued = [];

async function fetchCard(id) {
  const response = await fetch(`/posts/${encodeURIComponent(id)}/card?returnTo=${encodeURIComponent(here)}`, {
    headers: { Accept: 'text/html' },
    credentials: 'same-origin',
  });
  if (!response.ok) return null;
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  const card = template.content.firstElementChild;
  if (card) wireActions(card);
  return card;
}

function newPostsBar() {
  const bar = document.querySelector('.new-posts-bar');
  if (!bar) return;
  const count = queued.length;
  bar.hidden = count === 0;
  const button = bar.querySelector('button');
  if (button) button.textContent = (count === 1 ? strings.newOne : strings.newOther || '').replace(/\d+/, numbers.format(count));
}

function insert(card) {
  const list = timeline();
  if (!list) return;
  list.querySelector('.timeline-empty')?.remove();
  card.classList.add('arrived');
  if (isThread()) list.append(card);
  else list.prepend(card);
}

function readerHasScrolled() {
  const list = timeline();
  if (!list) return false;
  return list.getBoundingClientRect().top < 0 || window.scrollY > 120;
}

/** A new post for this page: in place when the reader is at the top, else behind the "N new posts" bar. */
async function postArrived(status) {
  if (!status?.id || cardsOf(status.id).length > 0 || queued.some((card) => card.dataset.entryId === status.id)) return;
  const card = await fetchCard(status.id);
  if (!card || cardsOf(status.id).length > 0) return;
  if (readerHasScrolled() && !isThread()) {
    queued.unshift(card);
    newPostsBar();
  } else {
    insert(card);
  }
}

function showQueued() {
  const list = timeline();
  for (const card of queued.splice(0).reverse()) insert(card);
  newPostsBar();
  list?.scrollIntoView({ block: 'start' });
  list?.querySelector('.post')?.querySelector('a, button')?.focus({ preventScroll: true });
}

function postDeleted({ id }) {
  for (const card of cardsOf(id)) card.remove();
  const index = queued.findIndex((card) => card.dataset.postId === id || card.dataset.entryId === id);
  if (index >= 0) queued.splice(index, 1);
  newPostsBar();
}

function countsChanged(event) {
  for (const card of document.querySelectorAll(`[data-post-id="${CSS.escape(event.id)}"]`)) {
    const set = (name, value) => {
      const node = card.querySelector(`[data-count="${name}"]`);
      if (node && typeof value === 'number') node.textContent = numbers.format(value);
    };
    set('replies', event.replies_count);
    set('reblogs', event.reblogs_count);
    set('favourites', event.favourites_count);
  }
}

async function postEdited(status) {
  for (const old of cardsOf(status.id)) {
    const card = await fetchCard(old.dataset.entryId || status.id);
    if (card) old.replaceWith(card);
  }
}

/** Notification ids already counted: a node that died mid-delivery may push one again after a restart (at least once). */
const countedNotifications = new Set();

function notificationArrived(notification) {
  if (notification?.id) {
    if (countedNotifications.has(notification.id)) return;
    countedNotifications.add(notification.id);
  }
  const badge = document.querySelector('.badge');
  if (!badge) return;
  const count = Number(badge.dataset.unread || '0') + 1;
  badge.dataset.unread = String(count);
  badge.hidden = false;
  const label = badge.querySelector('.badge-count');
  if (label) label.textContent = count > 99 ? '99+' : numbers.format(count);
}

/* ---------- In-place actions: like, repost, bookmark, delete ---------- */

function wireActions(root) {
  for (const form of root.querySelectorAll('form.action-form')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const card = form.closest('.post');
      const data = new URLSearchParams(new FormData(form));
      const response = await fetch(form.action, {
        method: 'POST',
        body: data,
        headers: { 'X-Warble-Fragment': '1' },
        credentials: 'same-origin',
      }).catch(() => null);
      if (!response || !response.ok) {
        form.submit(); // let the server show what went wrong
        return;
      }
      if (!card) return;
      if (form.action.endsWith('/delete')) {
        card.remove();
        return;
      }
      // Keyboard users keep their place: focus the same button in the refreshed card.
      const index = [...card.querySelectorAll('.post-actions button')].indexOf(form.querySelector('button'));
      const fresh = await fetchCard(card.dataset.entryId);
      if (fresh) {
        if (card.classList.contains('post-focus')) fresh.classList.add('post-focus');
        card.replaceWith(fresh);
        fresh.querySelectorAll('.post-actions button')[index]?.focus();
      }
    });
  }
}

/* ---------- Compose counter ---------- */

function wireCompose() {
  for (const textarea of document.querySelectorAll('textarea[data-max]')) {
    const form = textarea.closest('form');
    const remaining = form?.querySelector('[data-remaining]');
    const counter = form?.querySelector('.counter');
    const max = Number(textarea.dataset.max);
    const update = () => {
      const left = max - [...textarea.value].length;
      if (remaining) remaining.textContent = numbers.format(left);
      counter?.classList.toggle('over', left < 0);
    };
    textarea.addEventListener('input', update);
    update();
    // "To" only matters for a private message: hide it while another audience is chosen.
    const audience = form?.querySelector('select[name="audience"]');
    const to = form?.querySelector('.compose-to');
    if (audience && to) {
      const toggle = () => { to.hidden = audience.value !== 'direct'; };
      audience.addEventListener('change', toggle);
      toggle();
    }
  }
}

/* ---------- Relative times stay true while the page is open ---------- */

function refreshTimes() {
  const now = Date.now();
  for (const node of document.querySelectorAll('time[datetime]')) {
    const seconds = Math.round((new Date(node.dateTime).getTime() - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs >= 7 * 86400) continue; // older dates are shown as dates and do not change
    node.textContent =
      abs < 45 ? relative.format(0, 'second')
      : abs < 3600 ? relative.format(Math.round(seconds / 60), 'minute')
      : abs < 86400 ? relative.format(Math.round(seconds / 3600), 'hour')
      : relative.format(Math.round(seconds / 86400), 'day');
  }
}

/* ---------- Transport: the adapter over Socket.IO ---------- */

/**
 * Connects to Warble's live layer and calls `handlers` with the typed
 * events of realtime-events.ts. Returns null when the live layer is not
 * served (the page keeps working without live updates).
 */
function connectLive(streams, handlers) {
  if (typeof window.io !== 'function') return null;
  const socket = window.io({ transports: ['websocket', 'polling'], withCredentials: true });
  const newest = () => {
    const ids = [...document.querySelectorAll('[data-timeline] [data-entry-id]')].map((node) => node.dataset.entryId);
    return ids.sort().pop();
  };
  // The page was rendered just now: only a *reconnect* can have missed posts,
  // so only then does the client ask for a replay from its newest id.
  let connectedBefore = false;
  socket.on('connect', () => {
    const reconnect = connectedBefore;
    connectedBefore = true;
    for (const stream of streams) {
      const sinceId = reconnect && stream === pageStream ? newest() : undefined;
      socket.emit('subscribe', sinceId ? { stream, sinceId } : { stream }, () => {});
    }
  });
  socket.on('post.created', (event) => { if (event.stream === pageStream) handlers.postCreated(event.status); });
  socket.on('post.edited', (event) => handlers.postEdited(event.status));
  socket.on('post.deleted', (event) => handlers.postDeleted(event));
  socket.on('post.counts', (event) => handlers.countsChanged(event));
  socket.on('notification', (event) => { if (!event.replay) handlers.notification(event.notification); });
  socket.on('stream.reload', (event) => { if (event.stream === pageStream) handlers.reload(); });
  return socket;
}

/* ---------- Start ---------- */

wireActions(document);
wireCompose();
setInterval(refreshTimes, 60_000);
document.querySelector('.new-posts-button')?.addEventListener('click', showQueued);

const streams = ['notifications', ...(pageStream && pageStream !== 'notifications' ? [pageStream] : [])];
window.warbleLive = connectLive(streams, {
  postCreated: postArrived,
  postEdited,
  postDeleted,
  countsChanged,
  notification: notificationArrived,
  reload: () => { queued.length = 0; location.reload(); },
});
