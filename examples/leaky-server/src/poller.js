// Each call starts an interval whose id is dropped, so it can never be cleared.
class PollState {
  constructor() {
    this.samples = [];
  }
}

function startPolling() {
  const state = new PollState();
  setInterval(() => {
    if (state.samples.length < 10) state.samples.push(Date.now());
  }, 60_000);
  return { polling: true };
}

module.exports = { startPolling };
