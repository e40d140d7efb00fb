import type { Command } from 'commander';

// Placeholder until the owning issue lands; replaced, not kept.
export function registerAttackCommand(_program: Command): void {}
