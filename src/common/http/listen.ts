/** How the app listens (NestApplication.listen). */
export type Listen = (port: number, host: string) => Promise<unknown>;

/** Every IPv4 address: where `::`, the default, cannot be had. */
const EVERY_IPV4 = '0.0.0.0';

/**
 * Listens on `host` and returns the address it got. The default `::` takes every address, IPv4
 * ones too (Linux's dual stack), but a kernel without IPv6 refuses it (EAFNOSUPPORT) and the
 * tracker would not start at all; then it listens on 0.0.0.0, which is what `::` meant there.
 * Any other host, or any other error, is the operator's to fix and is thrown.
 */
export async function listenOn(
  listen: Listen,
  port: number,
  host: string,
  warn: (message: string) => void,
): Promise<string> {
  try {
    await listen(port, host);
    return host;
  } catch (error) {
    if (host !== '::' || (error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw error;
    warn(`This machine has no IPv6, so HOST=:: cannot be had: listening on ${EVERY_IPV4} instead`);
    await listen(port, EVERY_IPV4);
    return EVERY_IPV4;
  }
}
