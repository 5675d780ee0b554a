// The cookies of one external check, so a login redirect (set a session cookie, then send the
// browser on) can be followed as Mackerel's checker follows it. A check lives at most 3 hops, so
// this keeps only `name=value` per host name: Path, Domain, Expires, Max-Age, Secure and HttpOnly
// are ignored, and a jar is never kept from one minute's check to the next.

/** Cookies set by the responses of one check, by host name (cookies ignore the port, RFC 6265 §1). */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  /** Keeps the `name=value` of each `Set-Cookie` header of a response from `url`. */
  store(url: URL, setCookie: readonly string[] | undefined): void {
    if (setCookie === undefined) return;
    for (const line of setCookie) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      if (name === '') continue;
      let cookies = this.byHost.get(url.hostname);
      if (cookies === undefined) {
        cookies = new Map();
        this.byHost.set(url.hostname, cookies);
      }
      cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  /** The `Cookie` header value for a request to `url`, or undefined when the jar has none for its host. */
  header(url: URL): string | undefined {
    const cookies = this.byHost.get(url.hostname);
    if (cookies === undefined || cookies.size === 0) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
