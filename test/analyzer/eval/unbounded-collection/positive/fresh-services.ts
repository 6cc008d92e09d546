/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { Injectable } from '@nestjs/common';
import type { NextApiRequest, NextApiResponse } from 'next';

// NestJS singleton service: sessions are only ever added.
@Injectable()
export class SessionService {
  private readonly sessions = new Map<string, { user: string; at: number }>(); // expect: unbounded-collection
  open(token: string, user: string) {
    this.sessions.set(token, { user, at: Date.now() });
  }
  find(token: string) {
    return this.sessions.get(token);
  }
}

// Next.js API route: a rate limiter that remembers every IP's hits forever.
const hitsByIp: Record<string, number[]> = {}; // expect: unbounded-collection
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const ip = String(req.headers['x-forwarded-for'] ?? '');
  (hitsByIp[ip] ??= []).push(Date.now());
  res.status(hitsByIp[ip].length > 100 ? 429 : 200).end();
}

// Static audit trail on a logger class.
export class AuditLogger {
  static history: string[] = []; // expect: unbounded-collection
  log(message: string) {
    AuditLogger.history.push(`${new Date().toISOString()} ${message}`);
  }
}
