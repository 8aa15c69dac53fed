/**
 * The line `oidc-harness serve --json` prints once both servers listen (interface.md), in a module
 * of its own: the command writes it, and whatever starts `serve` in a child process (a CI job, the
 * tenant stand-in of the tests) reads it without loading the command.
 */
import type { SpExpectation } from '../expectation.js';

/** The `idp` object of `serve --json`. */
export interface ServeIdpInfo {
  url: string;
  orgIssuer: string;
  issuers: Record<string, string>;
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
  apiToken: string;
  users: Array<{ login: string; password: string; totpSecret?: string }>;
  /** `service`: an API Services app (client credentials, no user). Absent for a web app. */
  applicationType?: 'service';
}

/** The `sp` object of `serve --json`: the mock SP's protected resource and what it expects. */
export interface ServeSpInfo {
  url: string;
  expect: SpExpectation;
}

/** The one JSON line `serve --json` prints: `{"idp":…,"sp":…}`. */
export interface ServeJsonLine {
  idp: ServeIdpInfo;
  sp: ServeSpInfo;
}

/** The line as printed: compact JSON and a newline, so a reader can split on the first `\n`. */
export function serveJsonLine(line: ServeJsonLine): string {
  return `${JSON.stringify(line)}\n`;
}
