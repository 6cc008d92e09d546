/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { LitElement, html } from 'lit';
import { onMount } from 'svelte';
import { router } from './router';

export class RouteView extends LitElement {
  private _onHash = () => this.requestUpdate();

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash); // expect: listener-not-removed
  }

  render() {
    return html`<slot></slot>`;
  }
}

export class OutsideClick extends HTMLElement {
  private onClick = (e: Event) => { if (!this.contains(e.target as Node)) this.hidden = true; };
  private onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') this.hidden = true; };

  connectedCallback() {
    document.addEventListener('click', this.onClick);
    document.addEventListener('keydown', this.onKey); // expect: listener-not-removed
  }

  disconnectedCallback() {
    document.removeEventListener('click', this.onClick);
  }
}

export class LazyImage extends HTMLElement {
  private io?: IntersectionObserver;
  connectedCallback() {
    this.io = new IntersectionObserver((entries) => entries.forEach((e) => e.isIntersecting && this.load()));
    this.io.observe(this); // expect: listener-not-removed
  }
  load() {
    this.setAttribute('src', this.dataset.src ?? '');
  }
}

// Svelte component logic in a .ts module: onMount with no returned cleanup.
export function setupScrollSpy(onChange: (id: string) => void) {
  onMount(() => {
    window.addEventListener('scroll', () => onChange(String(window.scrollY))); // expect: listener-not-removed
  });
}

// SPA page module: every navigation re-renders and re-registers.
export function renderDashboard(root: HTMLElement) {
  root.innerHTML = '<div id="dash"></div>';
  document.addEventListener('visibilitychange', () => refresh(root)); // expect: listener-not-removed
  router.on('beforeLeave', () => root.replaceChildren()); // expect: listener-not-removed
}

function refresh(root: HTMLElement) {
  root.dataset.at = String(Date.now());
}
