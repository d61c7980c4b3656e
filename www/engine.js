// Talks to the Web Worker that runs the Rust engine. Every call is a promise; a call can be
// cancelled (the worker is terminated and restarted, the only way to stop a busy wasm call),
// and a crashed worker (a wasm panic) is restarted so the page and the user's data survive.

export class Engine {
  constructor(onBusy = () => {}) {
    this.onBusy = onBusy;
    this.pending = new Map();
    this.nextId = 1;
    this.start();
  }

  start() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.failAll({ message: ev.message || 'the engine stopped', kind: 'panic', path: '' });
      this.restart();
    };
  }

  restart() {
    this.worker.terminate();
    this.start();
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    this.onBusy(this.pending.size > 0);
    if (msg.ok) p.resolve(msg.result);
    else {
      p.reject(Object.assign(new Error(msg.error.message), msg.error));
      if (msg.error.kind === 'panic') this.restart();
    }
  }

  failAll(error) {
    for (const p of this.pending.values()) p.reject(Object.assign(new Error(error.message), error));
    this.pending.clear();
    this.onBusy(false);
  }

  call(cmd, args = {}, { onProgress } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.onBusy(true);
      this.worker.postMessage({ id, cmd, args });
    });
  }

  cancel() {
    this.failAll({ message: 'cancelled', kind: 'cancelled', path: '' });
    this.restart();
  }
}
