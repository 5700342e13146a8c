'use strict';
/**
 * artillery-engine-muxbench: Artillery loads it as `require('artillery-engine-muxbench')`
 * when a script lists `muxbench` under `config.engines`, and constructs it as
 * `new Engine(script, ee, helpers)` in every worker thread. A scenario with
 * `engine: muxbench` is one virtual user running a muxbench strategy (config.muxbench);
 * the measuring is muxbench's own (`muxbench/artillery`, an ES module, loaded in init()).
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');

class MuxbenchArtilleryEngine {
  constructor(script, ee, helpers) {
    this.script = script;
    this.ee = ee;
    this.helpers = helpers;
    this.engine = undefined;
  }

  /** Artillery awaits an async init() before the first virtual user. */
  async init() {
    const core = await import(pathToFileURL(require.resolve('muxbench/artillery')).href);
    const raw = { ...this.script.config.muxbench };
    // One script, many strategies or targets: the environment may name them.
    if (process.env.MUXBENCH_STRATEGY) raw.strategy = process.env.MUXBENCH_STRATEGY;
    const base = this.script._scriptPath ? path.dirname(this.script._scriptPath) : process.cwd();
    // Paths in the script are relative to the script, as Artillery's processor is.
    if (typeof raw.strategyFile === 'string') raw.strategyFile = path.resolve(base, raw.strategyFile);
    raw.caPath = raw.caPath ?? process.env.MUXBENCH_CA;
    if (typeof raw.caPath === 'string') raw.caPath = path.resolve(base, raw.caPath);
    const target = process.env.MUXBENCH_TARGET ?? this.script.config.target;
    if (typeof target !== 'string' || !/^https?:\/\//.test(target)) {
      throw new Error(`artillery-engine-muxbench: config.target (or MUXBENCH_TARGET) must be an https:// or http:// origin, got ${JSON.stringify(target)}`);
    }
    this.engine = new core.MuxbenchEngine(core.engineConfig(raw), target);
  }

  createScenario(_spec, ee) {
    return (context, callback) => {
      ee.emit('started');
      const ready = this.engine ? Promise.resolve(this.engine) : this.init().then(() => this.engine);
      ready
        .then((engine) => engine.virtualUser(ee))
        .then(
          () => callback(null, context),
          (error) => {
            ee.emit('error', error && error.code ? error.code : String(error && error.message ? error.message : error));
            callback(error, context);
          },
        );
    };
  }
}

module.exports = MuxbenchArtilleryEngine;
