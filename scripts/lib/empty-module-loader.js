// A Turbopack loader that makes a module empty: next.config.js uses it for
// Atlaskit's per-component stylesheets, merged into one by atlaskit-stylesheet.js.
module.exports = function emptyModule() {
  return 'export {};\n';
};
