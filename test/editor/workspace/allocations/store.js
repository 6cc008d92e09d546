// A long-lived session store whose Map, held on `this`, only grows: the static analyzer flags it
// (unbounded-collection), and a recording of allocations confirms it through the function that fills it.
class SessionStore {
  constructor() {
    this.sessions = new Map();
  }

  open(id) {
    this.sessions.set(id, { id, opened: Date.now(), scratch: new Array(64).fill(id) });
  }
}

module.exports = { store: new SessionStore() };
