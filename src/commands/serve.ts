import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { CommandError } from './commandError.ts';
import { lockDataDir } from './dataDirLock.ts';

/** `ccc-dialer serve`: the API, the engine and the console on one port. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the API server and the dialing engine')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)', portNumber)
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'where the SQLite database lives (env CCC_DATA_DIR, default ./data)')
    .action(async (flags: { port?: number; host?: string; dataDir?: string }) => {
      const config = loadConfig(process.env, {
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        ...(flags.host !== undefined ? { host: flags.host } : {}),
        ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
      });
      // On SQLite, one server per data directory (PostgreSQL nodes share by design).
      const unlock = config.databaseUrl ? async () => {} : await lockDataDir(config.dataDir);
      let runtime: Runtime;
      try {
        runtime = await createRuntime(config);
      } catch (error) {
        await unlock();
        throw error;
      }
      const shutdown = async (signal: string) => {
        runtime.logger.info({ signal }, 'shutting down');
        try {
          await runtime.close();
        } finally {
          await unlock();
          process.exit(0);
        }
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      try {
        await runtime.app.listen({ port: config.port, host: config.host });
      } catch (error) {
        // Closed before exiting, as at a signal: the database is left clean.
        await runtime.close();
        await unlock();
        throw new CommandError(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
      }
      await runtime.start();
      const address = runtime.app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const base = `http://${config.host}:${port}`;
      const lines = [
        '',
        `ccc-dialer is running (${config.telephony} telephony, ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}, clock x${config.clockSpeed})`,
        `  API endpoint (SDK httpProfile.endpoint): ${config.host}:${port}   protocol: http://`,
        `  Console:  ${base}/console`,
        `  Health:   ${base}/healthz    Metrics: ${base}/metrics`,
        `  Config:   ${config.source}`,
        ...runtime.keys.map(
          (k) =>
            `  SdkAppId ${k.sdkAppId}   SecretId ${k.secretId}   SecretKey ${k.secretKey}${k.generated ? '   (generated, kept in the database)' : ''}`,
        ),
        // A hashed password cannot be shown; a plain one is in the config for all to read anyway.
        ...config.operators.map(
          (o) =>
            `  Console sign-in: operator ${o.name}${o.password !== undefined ? `, password ${o.password}` : ''}   (account ${o.account})`,
        ),
        '',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new InvalidArgumentError('expected a port, 0 to 65535');
  return port;
}
