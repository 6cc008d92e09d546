import React, { useEffect, useRef, useState } from 'react';

export function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return <time>{now}</time>;
}

export function useInterval(callback, delay) {
  const saved = useRef(callback);
  useEffect(() => {
    saved.current = callback;
  }, [callback]);
  useEffect(() => {
    if (delay === null) return undefined;
    const id = setInterval(() => saved.current(), delay);
    return () => clearInterval(id);
  }, [delay]);
}

export function Debounced({ value, onChange }) {
  useEffect(() => {
    const t = setTimeout(() => onChange(value), 300);
    return () => clearTimeout(t);
  }, [value, onChange]);
  return null;
}

export function Toast({ onClose }) {
  useEffect(() => {
    setTimeout(onClose, 3000);
  }, [onClose]);
  return null;
}

export class Stopwatch extends React.Component {
  componentDidMount() {
    this.interval = setInterval(() => this.setState({ t: Date.now() }), 100);
  }
  componentWillUnmount() {
    clearInterval(this.interval);
  }
  render() {
    return null;
  }
}

export class Poller extends React.Component {
  componentDidMount() {
    this.running = true;
    this.poll();
  }
  componentWillUnmount() {
    this.running = false;
  }
  poll() {
    if (!this.running) return;
    fetch('/api/status').then(() => {});
    setTimeout(() => this.poll(), 5000);
  }
  render() {
    return null;
  }
}
