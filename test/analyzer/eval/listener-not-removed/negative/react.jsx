import React, { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { store } from '../store';
import { socket } from '../socket';

export function useViewport() {
  const [width, setWidth] = useState(window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

export function useAbortableListeners() {
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener('online', () => console.log('online'), { signal: controller.signal });
    document.addEventListener('keyup', () => console.log('up'), { signal: controller.signal });
    return () => controller.abort();
  }, []);
}

export function CartBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const unsubscribe = store.subscribe(() => setCount(store.getState().cart.length));
    return unsubscribe;
  }, []);
  return <span>{count}</span>;
}

export function Chat({ room }) {
  useEffect(() => {
    const onMessage = (m) => console.log(room, m);
    socket.on('message', onMessage);
    return () => {
      socket.off('message', onMessage);
    };
  }, [room]);
  return null;
}

export function FirstInteraction({ onFirst }) {
  useEffect(() => {
    window.addEventListener('pointerdown', onFirst, { once: true });
  }, [onFirst]);
  return null;
}

export function Measured() {
  const ref = useRef(null);
  useEffect(() => {
    const ro = new ResizeObserver(() => {});
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const el = ref.current;
    const onWheel = (e) => e.preventDefault();
    el.addEventListener('wheel', onWheel, { passive: false });
  }, []);
  return <div ref={ref} />;
}

export function Online() {
  return useSyncExternalStore(
    (cb) => { window.addEventListener('online', cb); return () => window.removeEventListener('online', cb); },
    () => navigator.onLine,
  );
}

export class Resizable extends React.Component {
  constructor(props) {
    super(props);
    this.handleResize = this.handleResize.bind(this);
  }
  componentDidMount() {
    window.addEventListener('resize', this.handleResize);
  }
  componentWillUnmount() {
    window.removeEventListener('resize', this.handleResize);
  }
  handleResize() {
    this.setState({ w: window.innerWidth });
  }
  render() {
    return null;
  }
}

export class Scroller extends React.Component {
  onScroll = () => this.setState({ y: window.scrollY });
  componentDidMount() {
    window.addEventListener('scroll', this.onScroll);
  }
  componentWillUnmount() {
    window.removeEventListener('scroll', this.onScroll);
  }
  render() {
    return null;
  }
}
