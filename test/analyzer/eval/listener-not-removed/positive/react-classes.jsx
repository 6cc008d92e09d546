import React from 'react';
import { emitter } from './events';

// Resizable wrapper: the unmount removes a brand-new arrow, so the mount's listener stays.
export class Resizable extends React.Component {
  state = { width: 0 };

  componentDidMount() {
    window.addEventListener('resize', () => this.handleResize()); // expect: listener-not-removed
    this.handleResize();
  }

  componentWillUnmount() {
    window.removeEventListener('resize', () => this.handleResize());
  }

  handleResize() {
    if (this.container) this.setState({ width: this.container.offsetWidth });
  }

  render() {
    return <div ref={(el) => { this.container = el; }}>{this.props.children}</div>;
  }
}

// bind() on both sides: two different function objects.
export class InfiniteList extends React.Component {
  componentDidMount() {
    window.addEventListener('scroll', this.onScroll.bind(this)); // expect: listener-not-removed
  }

  componentWillUnmount() {
    window.removeEventListener('scroll', this.onScroll.bind(this));
  }

  onScroll() {
    if (window.scrollY + window.innerHeight > document.body.offsetHeight - 200) this.props.loadMore();
  }

  render() {
    return <ul>{this.props.items}</ul>;
  }
}

// An app-wide emitter listened to on mount, with no unmount at all.
export class Notifications extends React.Component {
  componentDidMount() {
    emitter.on('notify', this.push); // expect: listener-not-removed
  }

  push = (n) => this.setState((s) => ({ list: [...(s.list || []), n] }));

  render() {
    return null;
  }
}
