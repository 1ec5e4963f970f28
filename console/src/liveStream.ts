/**
 * A server-sent event stream of JSON frames. The browser reconnects by itself when the stream
 * drops; `onState` says so, so a page can show that its figures are stale.
 */
export function liveStream(
  path: string,
  handlers: Readonly<Record<string, (data: unknown) => void>>,
  onState: (state: 'open' | 'reconnecting' | 'closed') => void = () => {},
): () => void {
  const source = new EventSource(`/console/api${path}`, { withCredentials: true });
  for (const [event, handle] of Object.entries(handlers)) {
    source.addEventListener(event, (e) => {
      handle(JSON.parse((e as MessageEvent<string>).data));
      // The subject is gone for good: reconnecting would only be told so again.
      if (event === 'gone') {
        source.close();
        onState('closed');
      }
    });
  }
  source.addEventListener('open', () => onState('open'));
  source.addEventListener('error', () =>
    onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'),
  );
  return () => source.close();
}
