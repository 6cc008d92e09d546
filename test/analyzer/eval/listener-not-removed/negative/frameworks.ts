/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Component, OnDestroy, OnInit, inject, DestroyRef } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { HttpClient } from '@angular/common/http';
import { Store } from '@ngrx/store';
import { Subject, Subscription, takeUntil, take, first } from 'rxjs';
import { onBeforeUnmount, onMounted, onUnmounted } from 'vue';
import { onMount, onDestroy } from 'svelte';
import { LitElement, html } from 'lit';

@Component({ selector: 'app-a', template: '' })
export class AComponent implements OnInit, OnDestroy {
  private destroy$ = new Subject<void>();
  private sub?: Subscription;
  private subs = new Subscription();
  user: unknown;
  constructor(private store: Store<{ user: unknown }>, private router: Router, private http: HttpClient) {}
  ngOnInit() {
    this.store.select('user').pipe(takeUntil(this.destroy$)).subscribe((u) => (this.user = u));
    this.sub = this.router.events.subscribe(() => {});
    this.subs.add(this.store.select('user').subscribe(() => {}));
    this.store.select('user').pipe(take(1)).subscribe(() => {});
    this.store.select('user').pipe(first()).subscribe(() => {});
    this.http.get('/api/me').subscribe((me) => (this.user = me));
  }
  ngOnDestroy() {
    this.destroy$.next();
    this.sub?.unsubscribe();
    this.subs.unsubscribe();
  }
}

@Component({ selector: 'app-b', template: '' })
export class BComponent {
  private store = inject(Store);
  constructor() {
    this.store.select('x').pipe(takeUntilDestroyed()).subscribe(() => {});
  }
}

export const Sticky = {
  mounted() {
    window.addEventListener('scroll', this.onScroll);
  },
  beforeUnmount() {
    window.removeEventListener('scroll', this.onScroll);
  },
  methods: { onScroll() {} },
};

export function useKeys(handler: (e: KeyboardEvent) => void) {
  onMounted(() => document.addEventListener('keydown', handler));
  onUnmounted(() => document.removeEventListener('keydown', handler));
}

export function useMutations(target: Node) {
  let mo: MutationObserver | undefined;
  onMounted(() => {
    mo = new MutationObserver(() => {});
    mo.observe(target, { childList: true });
  });
  onBeforeUnmount(() => mo?.disconnect());
}

export function svelteScroll(cb: () => void) {
  onMount(() => {
    window.addEventListener('scroll', cb);
    return () => window.removeEventListener('scroll', cb);
  });
}

export function svelteResize(cb: () => void) {
  onMount(() => window.addEventListener('resize', cb));
  onDestroy(() => window.removeEventListener('resize', cb));
}

export class RouteView extends LitElement {
  private onHash = () => this.requestUpdate();
  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.addEventListener('click', () => this.requestUpdate());
    this.shadowRoot?.addEventListener('slotchange', () => this.requestUpdate());
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }
  render() {
    return html`<slot></slot>`;
  }
}
