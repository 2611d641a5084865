/** The shape every `vtlab` sub-command module has (see main.ts). */
export interface CommandModule {
  /** Runs the sub-command with its own arguments; resolves to the process exit status. */
  run(argv: string[]): Promise<number>;
}
