import React, { useEffect, useState } from 'react';
import { store } from '../store';
import { socket } from '../socket';

// A window-size hook whose effect never returns a cleanup.
export function useViewport() {
  const [width, setWidth] = useState(window.innerWidth);
  useEffect(() => {
    function handleResize() {
      setWidth(window.innerWidth);
    }
    window.addEventListener('resize', handleResize); // expect: listener-not-removed
  }, []);
  return width;
}

// Registration done in a useState initializer: the returned "cleanup" is never called.
export function useBreakpoints() {
  const [bp, setBp] = useState('md');
  useState(() => {
    const check = () => setBp(window.innerWidth > 1024 ? 'lg' : 'md');
    window.addEventListener('resize', check); // expect: listener-not-removed
    return () => window.removeEventListener('resize', check);
  });
  return bp;
}

// Redux store subscription made in an effect and dropped.
export function CartBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    store.subscribe(() => setCount(store.getState().cart.length)); // expect: listener-not-removed
  }, []);
  return <span>{count}</span>;
}

// Shared socket listener added on every mount of a chat panel.
export function ChatPanel({ roomId }) {
  const [messages, setMessages] = useState([]);
  useEffect(() => {
    socket.on('message', (msg) => { // expect: listener-not-removed
      if (msg.room === roomId) setMessages((m) => [...m, msg]);
    });
  }, [roomId]);
  return <ul>{messages.map((m) => <li key={m.id}>{m.text}</li>)}</ul>;
}

// Click-outside detection: the cleanup removes a different arrow function.
export function Dropdown({ onClose }) {
  useEffect(() => {
    document.addEventListener('mousedown', (e) => onClose(e)); // expect: listener-not-removed
    return () => document.removeEventListener('mousedown', (e) => onClose(e));
  }, [onClose]);
  return <div className="dropdown" />;
}

// Observer started per mount, never disconnected.
export function AutoHeight({ children }) {
  useEffect(() => {
    const ro = new ResizeObserver(() => window.parent.postMessage({ h: document.body.scrollHeight }, '*'));
    ro.observe(document.body); // expect: listener-not-removed
  }, []);
  return <div>{children}</div>;
}
