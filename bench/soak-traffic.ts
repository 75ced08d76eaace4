/**
 * The soak run's mixed traffic: what people do all day (read home and
 * company timelines through the API and as pages, post, like, follow and
 * unfollow), paced at a fixed rate so the run measures drift over time, not
 * the ceiling. Counts every request and every failure.
 */
import type { BenchSession } from './bench-http.js';

export interface SoakPerson {
  id: string;
  token: string;
  /** A browser session, for the HTML pages. */
  session: BenchSession;
}

export interface TrafficCounts {
  requests: number;
  non2xx: number;
  networkErrors: number;
  /** Ticks skipped because the in-flight cap was reached (the server fell behind). */
  skipped: number;
  byAction: Record<string, number>;
  /** `action status` -> count, so an expected refusal is told from a fault. */
  non2xxByAction: Record<string, number>;
}

type Action = (url: string, person: SoakPerson, everyone: SoakPerson[], recentPosts: string[]) => Promise<Response>;

const api = (url: string, person: SoakPerson, path: string, method = 'GET', body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${person.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const page = (url: string, person: SoakPerson, path: string) => fetch(`${url}${path}`, { headers: { cookie: person.session.cookie, accept: 'text/html' } });

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
/** Someone else: following yourself is a refusal, not traffic. */
const someoneBut = (person: SoakPerson, everyone: SoakPerson[]): SoakPerson => {
  const others = everyone.filter((candidate) => candidate.id !== person.id);
  return pick(others.length > 0 ? others : everyone);
};

/** Weighted like a working day: mostly reading, some writing. */
const ACTIONS: ReadonlyArray<readonly [string, number, Action]> = [
  ['api home', 25, (url, person) => api(url, person, '/api/v1/timelines/home?limit=20')],
  ['api company', 15, (url, person) => api(url, person, '/api/v1/timelines/public?limit=20')],
  ['page home', 15, (url, person) => page(url, person, '/')],
  ['page company', 10, (url, person) => page(url, person, '/company')],
  ['post', 15, (url, person) => api(url, person, '/api/v1/statuses', 'POST', { status: `soak ${Date.now()} #soak${Math.floor(Math.random() * 20)}` })],
  ['like', 12, (url, person, _everyone, recent) => (recent.length > 0 ? api(url, person, `/api/v1/statuses/${pick(recent)}/favourite`, 'POST') : api(url, person, '/api/v1/timelines/home'))],
  ['follow', 4, (url, person, everyone) => api(url, person, `/api/v1/accounts/${someoneBut(person, everyone).id}/follow`, 'POST')],
  ['unfollow', 4, (url, person, everyone) => api(url, person, `/api/v1/accounts/${someoneBut(person, everyone).id}/unfollow`, 'POST')],
];
const TOTAL_WEIGHT = ACTIONS.reduce((sum, [, weight]) => sum + weight, 0);

function chooseAction(): readonly [string, number, Action] {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const action of ACTIONS) {
    roll -= action[1];
    if (roll < 0) return action;
  }
  return ACTIONS[0]!;
}

export interface Traffic {
  counts: TrafficCounts;
  /** Stops the pacing and waits for requests in flight. */
  stop(): Promise<void>;
}

/** Starts `ratePerSecond` requests a second with at most `maxInFlight` outstanding. */
export function startTraffic(url: string, people: SoakPerson[], ratePerSecond: number, maxInFlight: number): Traffic {
  const counts: TrafficCounts = { requests: 0, non2xx: 0, networkErrors: 0, skipped: 0, byAction: {}, non2xxByAction: {} };
  const recentPosts: string[] = [];
  const running = new Set<Promise<void>>();
  const fire = () => {
    if (running.size >= maxInFlight) {
      counts.skipped += 1;
      return;
    }
    const [name, , action] = chooseAction();
    counts.requests += 1;
    counts.byAction[name] = (counts.byAction[name] ?? 0) + 1;
    const done = action(url, pick(people), people, recentPosts)
      .then(async (response) => {
        if (!response.ok) {
          counts.non2xx += 1;
          const key = `${name} ${response.status}`;
          counts.non2xxByAction[key] = (counts.non2xxByAction[key] ?? 0) + 1;
        }
        if (name === 'post' && response.ok) {
          const { id } = (await response.json()) as { id: string };
          recentPosts.push(id);
          // Bounded: likes go to the last few hundred posts, as people like what is fresh.
          if (recentPosts.length > 500) recentPosts.shift();
        } else {
          await response.arrayBuffer();
        }
      })
      .catch(() => {
        counts.networkErrors += 1;
      })
      .finally(() => running.delete(done));
    running.add(done);
  };
  const timer = setInterval(fire, 1000 / ratePerSecond);
  return {
    counts,
    stop: async () => {
      clearInterval(timer);
      await Promise.all(running);
    },
  };
}
