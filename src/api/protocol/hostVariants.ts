const HOST_WITH_PORT = /^(\[[^\]]*\]|[^:]*):\d+$/;

/**
 * The Host values a client may have signed: the header as sent and, if it has a port, the host
 * without it. The Node SDKs sign `host` without the port while sending it in the header; Go,
 * Python and Java sign it with the port (see the vectors' README).
 */
export function hostVariants(header: string | undefined): string[] {
  const host = (header ?? '').trim();
  const bare = HOST_WITH_PORT.exec(host)?.[1];
  return bare === undefined ? [host] : [host, bare];
}
