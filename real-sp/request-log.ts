/**
 * The request log the two express APIs keep for `logs()`: one line per request with its status
 * and the library's reason when there was one. Never the token: only method, path and outcome.
 */
import type { NextFunction, Request, Response } from 'express';
import { redactSecrets } from '../src/token/redact.js';

/** Lines kept; older ones are dropped so a long test run cannot grow memory without bound. */
const MAX_LINES = 500;

export interface RequestLog {
  /** Express middleware recording each finished request. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Records why a request was refused (the line is written when the response finishes). */
  reason(res: Response, text: string): void;
  /** The log so far, one request a line. */
  text(): string;
}

/** A fresh request log for one SP. */
export function createRequestLog(name: string): RequestLog {
  const lines: string[] = [];
  const reasons = new WeakMap<Response, string>();
  return {
    middleware(req, res, next) {
      res.on('finish', () => {
        const why = reasons.get(res);
        lines.push(
          `${new Date().toISOString()} ${name} ${req.method} ${req.path} ${res.statusCode}` +
            (why ? ` ${why}` : ''),
        );
        if (lines.length > MAX_LINES) lines.shift();
      });
      next();
    },
    reason(res, text) {
      reasons.set(res, text);
    },
    text() {
      // A library's reason is free text: redacted like every other log the harness shows.
      return redactSecrets(lines.join('\n'));
    },
  };
}
