/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { Injectable } from '@nestjs/common';

// A small LRU cache with a size check and eviction of the oldest key.
export class LruCache<V> {
  private map = new Map<string, V>();
  constructor(private max = 500) {}
  get(key: string) {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value);
  }
}

// NestJS service whose sessions are removed on logout and expired periodically.
@Injectable()
export class SessionService {
  private readonly sessions = new Map<string, { at: number }>();
  open(token: string) {
    this.sessions.set(token, { at: Date.now() });
  }
  close(token: string) {
    this.sessions.delete(token);
  }
}

// Registry that hands back an unregister function.
const handlers = new Set<(e: Event) => void>();
export function onAppEvent(fn: (e: Event) => void) {
  handlers.add(fn);
  return () => handlers.delete(fn);
}

// Recent searches capped at twenty entries.
const recent: string[] = [];
export function remember(q: string) {
  recent.unshift(q);
  if (recent.length > 20) recent.length = 20;
}
