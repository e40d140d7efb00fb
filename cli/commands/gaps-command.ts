import type { Command } from 'commander';

// Placeholder until the owning issue lands; replaced, not kept.
export function registerGapsCommand(_program: Command): void {}
