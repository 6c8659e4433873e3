/** What a person needs right after `npm start`: where to go, and the admin token if one was made. */
export interface StartupFacts {
  consoleUrl: string;
  apiUrl: string;
  /** The first admin's token, on the one start that created it. */
  adminToken?: string | null;
}

/** The address a person on this machine types into a browser to reach `host`. */
export function localUrl(host: string, port: number): string {
  const wildcard = host === '::' || host === '0.0.0.0' || host === '';
  const name = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * A framed block, printed as the last thing after start-up so the token does not scroll away
 * under the log. Plain ASCII, so it survives any terminal and log collector.
 */
export function startupBanner(facts: StartupFacts): string {
  const lines = [`eom-tracker is running`, ``, `Console: ${facts.consoleUrl}`, `API:     ${facts.apiUrl}`];
  if (facts.adminToken) {
    lines.push(
      ``,
      `First start: created the user "Administrator" (admin).`,
      `Its API token, shown only this once (sign in with it, keep it safe):`,
      `  ${facts.adminToken}`,
    );
  }
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((l) => `| ${l.padEnd(width)} |`), rule].join('\n');
}
