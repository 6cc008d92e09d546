/* eslint-disable -- evaluation case: real-world shapes, not linted */
import $ from 'jquery';
import { config } from './config';

// A disposable view model whose dispose() forgets the bus listener.
export class ViewModel {
  constructor(bus) {
    this.bus = bus;
    this.onChange = this.onChange.bind(this);
    bus.on('change', this.onChange); // expect: listener-not-removed
  }
  onChange(e) {
    this.value = e.value;
  }
  dispose() {
    this.value = null;
  }
}

// A modal opened many times, registering a resize handler on each open.
export class Modal {
  open() {
    this.el = document.createElement('div');
    document.body.appendChild(this.el);
    $(window).on('resize', () => this.position()); // expect: listener-not-removed
  }
  close() {
    this.el.remove();
  }
  position() {
    this.el.style.top = `${window.innerHeight / 4}px`;
  }
}

// Settings panel subscribing to a shared config store each time it renders.
export function renderSettings(container) {
  container.textContent = '';
  config.subscribe((c) => { container.dataset.theme = c.theme; }); // expect: listener-not-removed
}
