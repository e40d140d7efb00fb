import type { Command } from 'commander';

// Placeholder until the owning issue lands; replaced, not kept.
export function registerReportCommand(_program: Command): void {}
