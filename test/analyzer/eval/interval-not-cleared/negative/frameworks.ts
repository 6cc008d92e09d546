/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Component, OnDestroy, OnInit } from '@angular/core';
import { onMounted, onUnmounted, onBeforeUnmount, ref } from 'vue';
import { onMount, onDestroy } from 'svelte';
import { LitElement, html } from 'lit';

@Component({ selector: 'app-ticker', template: '' })
export class TickerComponent implements OnInit, OnDestroy {
  private id?: ReturnType<typeof setInterval>;
  ngOnInit() {
    this.id = setInterval(() => this.refresh(), 1000);
  }
  ngOnDestroy() {
    if (this.id) clearInterval(this.id);
  }
  refresh() {}
}

export const Carousel = {
  mounted() {
    this.timer = setInterval(this.next, 5000);
  },
  beforeUnmount() {
    clearInterval(this.timer);
  },
  methods: { next() {} },
};

export function useNow() {
  const now = ref(Date.now());
  let id: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    id = setInterval(() => (now.value = Date.now()), 1000);
  });
  onUnmounted(() => clearInterval(id));
  return now;
}

export function useNow2() {
  let id = 0;
  onMounted(() => { id = window.setInterval(() => {}, 1000); });
  onBeforeUnmount(() => window.clearInterval(id));
}

export function svelteClock(set: (n: number) => void) {
  onMount(() => {
    const id = setInterval(() => set(Date.now()), 1000);
    return () => clearInterval(id);
  });
}

export function svelteClock2(set: (n: number) => void) {
  let id: ReturnType<typeof setInterval>;
  onMount(() => { id = setInterval(() => set(Date.now()), 1000); });
  onDestroy(() => clearInterval(id));
}

export class LiveBadge extends LitElement {
  private timer = 0;
  connectedCallback() {
    super.connectedCallback();
    this.timer = window.setInterval(() => this.requestUpdate(), 2000);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
  }
  render() {
    return html``;
  }
}

export class Worker {
  private timers: ReturnType<typeof setInterval>[] = [];
  start() {
    this.timers.push(setInterval(() => this.beat(), 1000));
  }
  beat() {}
  [Symbol.dispose]() {
    this.timers.forEach(clearInterval);
  }
}

export function withSignal(signal: AbortSignal, fn: () => void) {
  const id = setInterval(fn, 1000);
  signal.addEventListener('abort', () => clearInterval(id), { once: true });
}
