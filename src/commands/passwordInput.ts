import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * A password from stdin, never from argv (which other users see in `ps` and shells keep in their
 * history). At a terminal it prompts on stderr and does not echo what is typed; from a pipe or a
 * file it takes everything, less one trailing line end.
 */
export async function readPasswordFromStdin(prompt = 'Password: '): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  // readline echoes through its output; a sink that drops everything keeps the password unseen.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: stdin, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      lines.once('close', () => reject(new Error('no password was given')));
      // At a terminal readline takes Ctrl-C itself; without this the prompt would wait forever.
      lines.once('SIGINT', () => reject(new Error('cancelled')));
    });
  } finally {
    lines.close();
    process.stderr.write('\n');
  }
}
