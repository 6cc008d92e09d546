/* eslint-disable -- evaluation case (fresh, held-out style): not compiled or linted */
// @ts-nocheck
import { PrismaClient } from '@prisma/client';

// Next.js dev singleton: one client survives hot reloads, assigned once.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

globalThis.__appConfig ??= { region: 'eu' };

// Classes with private fields in a module (strict by default).
export class Counter {
  #n = 0;
  count = 0;
  inc() {
    this.#n++;
    this.count = this.#n;
  }
}

// Decorated property assignments inside methods.
function Log(): MethodDecorator {
  return () => {};
}
export class Service {
  private last?: string;
  @Log()
  handle(id: string) {
    this.last = id;
  }
}
