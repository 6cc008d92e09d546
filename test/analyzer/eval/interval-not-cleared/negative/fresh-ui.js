/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
import { onMounted, onUnmounted } from 'vue';

// Private timer field cleared by the disposer.
export class Ticker {
  #timer = null;
  #count = 0;
  start() {
    this.#timer = setInterval(() => this.#count++, 100);
  }
  [Symbol.dispose]() {
    clearInterval(this.#timer);
  }
}

// Vue composable: the poll loop's pending timeout is cancelled on unmount.
export function useStatus(load) {
  let handle;
  onMounted(() => {
    const poll = async () => {
      await load();
      handle = setTimeout(poll, 5000);
    };
    poll();
  });
  onUnmounted(() => clearTimeout(handle));
}

// A bounded animation that clears itself after ten steps.
export function flash(el) {
  let n = 0;
  const id = setInterval(() => {
    el.classList.toggle('on');
    if (++n >= 10) clearInterval(id);
  }, 100);
}

// Service worker / Electron main style: one process-wide update check started at load.
setInterval(() => fetch('/updates').catch(() => {}), 60 * 60 * 1000);
