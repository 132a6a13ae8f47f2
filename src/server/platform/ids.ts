import { createHash, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Sortable, opaque ids (UUIDv7) that work across databases and app instances. */
export const newId = (): string => v7();

/** Current time as ISO-8601 UTC text (the only timestamp format stored). */
export const now = (): string => new Date().toISOString();

/** A URL-safe random secret of `bytes` bytes. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
