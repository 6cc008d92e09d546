/* eslint-disable -- evaluation case: real-world shapes, not linted */
import $ from 'jquery';
import { bus } from './bus';

// Listeners on elements the function creates itself die with them.
export function makeButton(label, onClick) {
  const btn = document.createElement('button');
  btn.textContent = label;
  btn.addEventListener('click', onClick);
  return btn;
}

export function renderList(items) {
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    li.addEventListener('click', () => console.log(item));
    ul.appendChild(li);
  }
  return ul;
}

// Registered once at startup.
document.addEventListener('DOMContentLoaded', () => {
  window.addEventListener('resize', () => document.body.classList.toggle('narrow', window.innerWidth < 600));
});

export class ViewModel {
  constructor(bus2) {
    this.bus = bus2;
    this.onChange = this.onChange.bind(this);
    bus2.on('change', this.onChange);
  }
  onChange(e) {
    this.value = e.value;
  }
  dispose() {
    this.bus.off('change', this.onChange);
  }
}

export class Modal {
  open() {
    $(window).on('resize.modal', () => this.position());
  }
  close() {
    $(window).off('resize.modal');
  }
  position() {}
}

export class Tooltip {
  constructor(el) {
    this.el = el;
    this.show = () => el.classList.add('on');
    this.controller = new AbortController();
    window.addEventListener('scroll', this.show, { signal: this.controller.signal });
  }
  destroy() {
    this.controller.abort();
  }
}

export class Store {
  constructor() {
    this.listeners = new Set();
  }
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export function watchTheme(el) {
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => el.classList.toggle('dark', mq.matches);
  mq.addEventListener('change', apply);
  return () => mq.removeEventListener('change', apply);
}

export function waitForBus() {
  return new Promise((resolve) => {
    const handler = (v) => {
      bus.off('ready', handler);
      resolve(v);
    };
    bus.on('ready', handler);
  });
}
