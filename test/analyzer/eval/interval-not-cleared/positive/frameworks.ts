/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Component, OnDestroy, OnInit } from '@angular/core';
import { onMounted, ref } from 'vue';
import { onMount } from 'svelte';
import { LitElement, html } from 'lit';

@Component({ selector: 'app-ticker', template: '{{ price }}' })
export class TickerComponent implements OnInit, OnDestroy {
  price = 0;
  private refreshId?: ReturnType<typeof setInterval>;
  private pollId?: ReturnType<typeof setInterval>;
  ngOnInit() {
    setInterval(() => this.refresh(), 1000); // expect: interval-not-cleared
    this.pollId = setInterval(() => this.refresh(), 10000); // expect: interval-not-cleared
  }
  ngOnDestroy() {
    console.log('destroyed', this.refreshId);
  }
  refresh() {
    this.price = Math.random();
  }
}

export const Carousel = {
  data() {
    return { index: 0 };
  },
  mounted() {
    setInterval(this.next, 5000); // expect: interval-not-cleared
  },
  methods: {
    next() {
      this.index++;
    },
  },
};

export function useNow() {
  const now = ref(Date.now());
  onMounted(() => {
    const id = setInterval(() => (now.value = Date.now()), 1000); // expect: interval-not-cleared
    console.log('started', id);
  });
  return now;
}

export function svelteClock(set: (n: number) => void) {
  onMount(() => {
    setInterval(() => set(Date.now()), 1000); // expect: interval-not-cleared
  });
}

export class LiveBadge extends LitElement {
  count = 0;
  connectedCallback() {
    super.connectedCallback();
    window.setInterval(() => { this.count++; this.requestUpdate(); }, 2000); // expect: interval-not-cleared
  }
  render() {
    return html`${this.count}`;
  }
}

export class Toast extends HTMLElement {
  private timer?: number;
  connectedCallback() {
    this.timer = window.setInterval(() => this.tick(), 500); // expect: interval-not-cleared
  }
  disconnectedCallback() {
    this.timer = undefined;
  }
  tick() {
    this.textContent = String(Date.now());
  }
}
