/* eslint-disable -- evaluation case: real-world shapes, not linted */
import $ from 'jquery';
import { router } from './router';

// Route handler: every visit to the dashboard starts another refresher.
router.on('/dashboard', () => {
  renderDashboard();
  setInterval(refreshDashboard, 10000); // expect: interval-not-cleared
});

function renderDashboard() {}
function refreshDashboard() {}

// jQuery plugin: one interval per element per call, ids dropped.
$.fn.ticker = function ticker(ms) {
  return this.each(function eachEl() {
    const el = this;
    setInterval(() => { el.textContent = new Date().toLocaleTimeString(); }, ms); // expect: interval-not-cleared
  });
};

// A widget opened many times; close() hides it but leaves the timer running.
export class Slideshow {
  open(el) {
    this.el = el;
    this.timer = setInterval(() => this.advance(), 3000); // expect: interval-not-cleared
  }
  close() {
    this.el.hidden = true;
  }
  advance() {
    this.el.scrollLeft += this.el.clientWidth;
  }
}

// A self-rescheduling loop with no way to stop it, started per widget.
export function startClock(el) {
  function tick() {
    el.textContent = new Date().toISOString();
    setTimeout(tick, 1000); // expect: interval-not-cleared
  }
  tick();
}

export function createSession(user) {
  const session = { user, lastSeen: Date.now() };
  session.keepAlive = setInterval(() => fetch('/keepalive'), 60000); // expect: interval-not-cleared
  return session;
}
