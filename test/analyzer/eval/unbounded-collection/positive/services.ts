/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Injectable } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { Observable, shareReplay } from 'rxjs';

// SSR data layer: module-level memo of product fetches keyed by id.
const productCache = new Map<string, Promise<unknown>>(); // expect: unbounded-collection
export async function getProduct(productId: string): Promise<unknown> {
  let p = productCache.get(productId);
  if (!p) {
    p = fetch(`/api/products/${productId}`).then((r) => r.json());
    productCache.set(productId, p);
  }
  return p;
}

// Access tokens remembered by token string.
const tokenCache: Map<string, { exp: number }> = new Map(); // expect: unbounded-collection
export function rememberToken(token: string, exp: number): void {
  tokenCache.set(token, { exp });
}

// De-duplication of message ids for the life of the process.
const seenMessageIds = new Set<string>(); // expect: unbounded-collection
export function handleMessage(msg: { id: string; body: string }): boolean {
  if (seenMessageIds.has(msg.id)) return false;
  seenMessageIds.add(msg.id);
  return true;
}

// Root-provided Angular service: one instance for the app, cache keyed by URL.
@Injectable({ providedIn: 'root' })
export class ApiCache {
  private cache: Record<string, Observable<unknown>> = {}; // expect: unbounded-collection
  constructor(private http: HttpClient) {}
  get(url: string): Observable<unknown> {
    if (!this.cache[url]) this.cache[url] = this.http.get(url).pipe(shareReplay(1));
    return this.cache[url];
  }
}

// A session store used as a singleton.
class SessionStore {
  private sessions = new Map<string, { userId: string; created: number }>(); // expect: unbounded-collection
  createSession(userId: string): string {
    const sessionId = crypto.randomUUID();
    this.sessions.set(sessionId, { userId, created: Date.now() });
    return sessionId;
  }
  get(sessionId: string) {
    return this.sessions.get(sessionId);
  }
}
export const sessions = new SessionStore();
