/* eslint-disable -- evaluation case (fresh, held-out style): not linted */
import { onMounted } from 'vue';

// Class with a private timer field: destroy() resets state but leaves the interval running.
export class Ticker {
  #timer = null;
  #count = 0;
  start() {
    this.#timer = setInterval(() => this.#count++, 100); // expect: interval-not-cleared
  }
  destroy() {
    this.#count = 0;
  }
}

// Vue composable: a self-rescheduling poll loop that never stops.
export function useStatus(load) {
  onMounted(() => {
    const poll = async () => {
      await load();
      setTimeout(poll, 5000); // expect: interval-not-cleared
    };
    poll();
  });
}

// jQuery plugin: one marquee interval per element, the id is dropped.
$.fn.marquee = function (speed) {
  return this.each(function () {
    const $el = $(this);
    setInterval(function () { // expect: interval-not-cleared
      $el.scrollLeft($el.scrollLeft() + 1);
    }, speed || 30);
  });
};
