'use strict';
// require('muxbench'): the strategy helpers synchronously (their CommonJS build in dist/cjs),
// and run / verify / compare, which are asynchronous anyway, through the ES module build.
const helpers = require('../dist/cjs/strategy-helpers.js');
const api = () => import('../dist/index.js');

module.exports = {
  ...helpers,
  run: (options) => api().then((m) => m.run(options)),
  verify: (options) => api().then((m) => m.verify(options)),
  compare: (options) => api().then((m) => m.compare(options)),
};
