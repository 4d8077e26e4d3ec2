/**
 * Stand-ins for the browser's `EventSource` and Web Locks, as the
 * back-channel watch uses them: streams the test opens, drops and fails at
 * will, and a lock manager that grants one holder at a time, queues the
 * rest in order, and frees a lock when its holder's promise ends, its
 * request is aborted, or its tab closes.
 */

/** Which tab the lock manager is running a callback for: the streams it opens belong to that tab. */
let creatingTab: string | undefined;

/** Runs `start` as tab `tab`: the streams it opens at once (without Web Locks) belong to that tab. */
export function asTab<T>(tab: string, start: () => T): T {
  creatingTab = tab;
  try {
    return start();
  } finally {
    creatingTab = undefined;
  }
}

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readonly url: string;
  readonly withCredentials: boolean;
  readonly tab: string | undefined;
  readyState = FakeEventSource.CONNECTING;

  constructor(url: string | URL, init?: { withCredentials?: boolean }) {
    super();
    this.url = String(url);
    this.withCredentials = init?.withCredentials ?? false;
    this.tab = creatingTab;
    FakeEventSource.instances.push(this);
  }

  /** Streams neither closed by the page nor given up by the browser. */
  static live(): FakeEventSource[] {
    return FakeEventSource.instances.filter((source) => source.readyState !== FakeEventSource.CLOSED);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  /** The server answered 200 with `text/event-stream`. */
  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  /** The server's `logout` event: `id:` and `data:` lines. */
  logout(lastEventId: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent('logout', { data: JSON.stringify(data), lastEventId }));
  }

  /** The connection dropped: the browser reconnects by itself (readyState CONNECTING). */
  drop(): void {
    this.readyState = FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }

  /** An error status or a wrong content type: the browser gives up (readyState CLOSED). */
  fail(): void {
    this.readyState = FakeEventSource.CLOSED;
    this.dispatchEvent(new Event('error'));
  }
}

interface LockRequest {
  readonly tab: string;
  readonly callback: (lock: { name: string }) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** One browser's lock manager; `forTab(name)` is what a tab sees as `navigator.locks`. */
export class FakeLockManager {
  /** Lock name → its holder's tab and queue. */
  private readonly locks = new Map<string, { holder?: LockRequest; queue: LockRequest[] }>();
  readonly requested: string[] = [];

  forTab(tab: string): LockManager {
    const request = (name: string, options: LockOptions, callback: (lock: { name: string }) => unknown) => this.request(tab, name, options, callback);
    return { request, query: async () => ({ held: [], pending: [] }) } as unknown as LockManager;
  }

  holderOf(name: string): string | undefined {
    return this.locks.get(name)?.holder?.tab;
  }

  queueOf(name: string): string[] {
    return (this.locks.get(name)?.queue ?? []).map((request) => request.tab);
  }

  /** The tab's page went away: the browser frees what it held and forgets what it waited for. */
  closeTab(tab: string): void {
    for (const [name, lock] of this.locks) {
      lock.queue = lock.queue.filter((request) => request.tab !== tab);
      if (lock.holder?.tab === tab) this.free(name, lock.holder);
    }
  }

  private request(tab: string, name: string, options: LockOptions, callback: (lock: { name: string }) => unknown): Promise<unknown> {
    this.requested.push(`${tab} ${name}`);
    return new Promise((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      const request: LockRequest = { tab, callback, resolve, reject };
      let lock = this.locks.get(name);
      if (!lock) this.locks.set(name, (lock = { queue: [] }));
      lock.queue.push(request);
      signal?.addEventListener('abort', () => {
        const current = this.locks.get(name);
        if (current && current.queue.includes(request)) {
          current.queue = current.queue.filter((queued) => queued !== request);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      this.grant(name);
    });
  }

  private grant(name: string): void {
    const lock = this.locks.get(name);
    if (!lock || lock.holder || lock.queue.length === 0) return;
    const request = lock.queue.shift()!;
    lock.holder = request;
    creatingTab = request.tab;
    let held: unknown;
    try {
      held = request.callback({ name });
    } finally {
      creatingTab = undefined;
    }
    Promise.resolve(held).then(
      (value) => {
        if (lock.holder === request) this.free(name, request);
        request.resolve(value);
      },
      (error) => {
        if (lock.holder === request) this.free(name, request);
        request.reject(error);
      },
    );
  }

  private free(name: string, request: LockRequest): void {
    const lock = this.locks.get(name);
    if (lock?.holder !== request) return;
    lock.holder = undefined;
    this.grant(name);
  }
}
