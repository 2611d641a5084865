/** `vtlab disasm`: placeholder until its issue lands; replaced by the owner of that sub-command. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write("vtlab disasm: not available in this build\n");
  return 2;
}
