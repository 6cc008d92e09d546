/* eslint-disable -- evaluation case: real-world shapes, not linted */
let refreshTimer = null;

export function startRefreshing() {
  if (refreshTimer) return;
  refreshTimer = setInterval(() => document.dispatchEvent(new Event('refresh')), 10000);
}

export function stopRefreshing() {
  clearInterval(refreshTimer);
  refreshTimer = null;
}

export class Slideshow {
  open(el) {
    this.el = el;
    this.timer = setInterval(() => this.advance(), 3000);
  }
  close() {
    clearInterval(this.timer);
  }
  advance() {}
}

export function startClock(el) {
  let stopped = false;
  function tick() {
    if (stopped) return;
    el.textContent = new Date().toISOString();
    setTimeout(tick, 1000);
  }
  tick();
  return () => { stopped = true; };
}

export function retry(fn, attempts) {
  fn().catch(() => {
    if (attempts > 0) setTimeout(() => retry(fn, attempts - 1), 1000);
  });
}

export function animate(el) {
  let frames = 0;
  const id = setInterval(() => {
    el.style.opacity = String(frames / 10);
    if (++frames > 10) clearInterval(id);
  }, 16);
}

// Page-level, started once when the script loads.
setInterval(() => {
  document.querySelectorAll('time[data-relative]').forEach((t) => { t.textContent = 'just now'; });
}, 60000);
