/**
 * `npm run lint` keeps src/'s layers pointing down (LAYERS in eslint.config.js): the same
 * ESLint configuration the script uses, on a module placed low in the tree that imports
 * from above it, fails with import-x/no-restricted-paths; importing downwards passes, and
 * the known upward imports pass only where they are listed.
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

  it('lets a listed upward import through only from where it is listed', async () => {
    const code = "import { fmtMs } from '../report/format.js';\nexport const x = fmtMs;\n";
    expect(await layerErrors('src/compare/layer-fixture.ts', code)).toEqual([]);
    expect(await layerErrors('src/run/layer-fixture.ts', code)).toHaveLength(1);
  });
});
