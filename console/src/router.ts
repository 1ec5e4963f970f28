/** Hash routes: the console is one page, so reloading or sharing a link keeps the view. */

export type Params = Readonly<Record<string, string>>;
/** Draws a page into `main`; returns what to stop when the page is left (feeds, timers). */
export type Page = (
  main: HTMLElement,
  params: Params,
) => (() => void) | undefined | Promise<(() => void) | undefined>;

interface Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly page: Page;
}

export class Router {
  readonly #routes: Route[] = [];
  #leave: (() => void) | undefined;
  #fallback: () => void = () => {};

  add(path: string, page: Page): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.#routes.push({ pattern, names, page });
    return this;
  }

  otherwise(fallback: () => void): this {
    this.#fallback = fallback;
    return this;
  }

  start(main: HTMLElement): void {
    window.addEventListener('hashchange', () => void this.#show(main));
    void this.#show(main);
  }

  /** Re-draws the current page (after signing in, say). */
  refresh(main: HTMLElement): void {
    void this.#show(main);
  }

  async #show(main: HTMLElement): Promise<void> {
    this.#leave?.();
    this.#leave = undefined;
    const path = location.hash.replace(/^#/, '') || '/';
    for (const route of this.#routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      main.replaceChildren();
      this.#leave = (await route.page(main, params)) ?? undefined;
      // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
      const heading = main.querySelector('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
        document.title = `${heading.textContent} · ccc-dialer console`;
      }
      return;
    }
    this.#fallback();
  }
}

export function go(path: string): void {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = path;
}
