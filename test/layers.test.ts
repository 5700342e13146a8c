/**
 * `npm run lint` keeps src/'s layers pointing down (LAYERS in eslint.config.js): the same
 * ESLint configuration the script uses, on a module placed low in the tree that imports
 * from above it, fails with import-x/no-restricted-paths; importing downwards passes; no
 * upward import is let through.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('the layers lint rule', () => {
  it('fails an upward import and passes a downward one', async () => {
    // stats/ is near the bottom: it may use results.ts, never a renderer or the runner.
    const up = await layerErrors('src/stats/layer-fixture.ts', "import { renderJson } from '../report/json.js';\nimport { runPlan } from '../run/runner.js';\nexport const x = [renderJson, runPlan];\n");
    expect(up).toEqual([
      expect.stringMatching(/^Unexpected path "\.\.\/report\/json\.js" imported in restricted zone\. Layers import downwards only: src\/report is above src\/stats/),
      expect.stringMatching(/^Unexpected path "\.\.\/run\/runner\.js" imported in restricted zone\. Layers import downwards only: src\/run is above src\/stats/),
    ]);
    expect(await layerErrors('src/stats/layer-fixture.ts', "import { SCHEMA_VERSION } from '../results.js';\nexport const x = SCHEMA_VERSION;\n")).toEqual([]);
    // The top layer (commands, pipeline, API) imports anything.
    expect(await layerErrors('src/pipeline/layer-fixture.ts', "import { renderJson } from '../report/json.js';\nexport const x = renderJson;\n")).toEqual([]);
  });

  it('has no exceptions: the upward imports that predated the rule fail it now', async () => {
    // Number formats belong to report/, above compare/.
    expect(await layerErrors('src/compare/layer-fixture.ts', "import { fmtMs } from '../report/format.js';\nexport const x = fmtMs;\n")).toHaveLength(1);
    // The results contract is the bottom: it may not reach up for compare's or the thresholds' code.
    expect(await layerErrors('src/results/layer-fixture.ts', "import { compareResults } from '../compare/compare.js';\nexport const x = compareResults;\n")).toHaveLength(1);
    expect(await layerErrors('src/results/layer-fixture.ts', "import { evaluateThresholds } from '../thresholds/evaluate.js';\nexport const x = evaluateThresholds;\n")).toHaveLength(1);
    // The runner kinds sit below run/: run/ dispatches to them, they never import run/.
    expect(await layerErrors('src/client-cmd/layer-fixture.ts', "import { runPlan } from '../run/runner.js';\nexport const x = runPlan;\n")).toHaveLength(1);
    expect(await layerErrors('src/run/layer-fixture.ts', "import { runClientCase } from '../client-cmd/run-case.js';\nexport const x = runClientCase;\n")).toEqual([]);
  });
});
