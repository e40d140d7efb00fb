import type { Command } from 'commander';

// Placeholder until the owning issue lands; replaced, not kept.
export function registerCheckCommand(_program: Command): void {}
