#!/usr/bin/env node
import { Command } from 'commander';
import { adminCommand } from './commands/admin.ts';
import { CommandError } from './commands/commandError.ts';
import { serveCommand } from './commands/serve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { ConfigError } from './configError.ts';

const program = new Command('ccc-dialer')
  .description('Predictive outbound dialer, wire-compatible with the Tencent Cloud Contact Center API')
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(simulateCommand())
  .addCommand(adminCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // The user's mistakes are told in a line; anything else is ours, and its stack helps a report.
  if (!(error instanceof ConfigError || error instanceof CommandError)) throw error;
  process.stderr.write(`ccc-dialer: ${error.message}\n`);
  process.exit(1);
}
