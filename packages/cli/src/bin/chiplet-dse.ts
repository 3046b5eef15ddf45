#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { main } from '../cli.js';

const code = await main(hideBin(process.argv), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
});
process.exitCode = code;
