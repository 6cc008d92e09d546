import React, { useEffect, useState } from 'react';

export function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setInterval(() => setNow(Date.now()), 1000); // expect: interval-not-cleared
  }, []);
  return <time>{new Date(now).toLocaleTimeString()}</time>;
}

// Started during render: a new interval every render.
export function Countdown({ until }) {
  const [left, setLeft] = useState(until - Date.now());
  setInterval(() => setLeft(until - Date.now()), 1000); // expect: interval-not-cleared
  return <span>{left}</span>;
}

export function usePolling(url, onData) {
  useEffect(() => {
    const controller = new AbortController();
    const id = setInterval(() => { // expect: interval-not-cleared
      fetch(url, { signal: controller.signal }).then((r) => r.json()).then(onData);
    }, 5000);
    return () => controller.abort();
  }, [url, onData]);
}

export class Stopwatch extends React.Component {
  state = { ms: 0 };
  componentDidMount() {
    this.interval = setInterval(() => this.setState((s) => ({ ms: s.ms + 100 })), 100); // expect: interval-not-cleared
  }
  componentWillUnmount() {
    this.interval = null;
  }
  render() {
    return <span>{this.state.ms}</span>;
  }
}

export class Captcha extends React.Component {
  constructor(props) {
    super(props);
    this.state = { ready: false };
    setInterval(this.checkReady.bind(this), 1000); // expect: interval-not-cleared
  }
  checkReady() {
    if (window.grecaptcha) this.setState({ ready: true });
  }
  render() {
    return null;
  }
}

export class Poller extends React.Component {
  componentDidMount() {
    this.poll();
  }
  poll() {
    fetch('/api/status').then((r) => r.json()).then((s) => this.setState(s));
    setTimeout(() => this.poll(), 5000); // expect: interval-not-cleared
  }
  render() {
    return null;
  }
}
