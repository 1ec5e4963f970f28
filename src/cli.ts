#!/usr/bin/env node
import { Command } from 'commander';
import { adminCommand } from './commands/admin.ts';
import { serveCommand } from './commands/serve.ts';
import { simulateCommand } from './commands/simulate.ts';

const program = new Command('ccc-dialer')
  .description('Predictive outbound dialer, wire-compatible with the Tencent Cloud Contact Center API')
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(simulateCommand())
  .addCommand(adminCommand());

await program.parseAsync(process.argv);
