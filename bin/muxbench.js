#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm run build`, which `npm install` runs as `prepare`).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
