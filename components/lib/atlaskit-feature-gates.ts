// Atlaskit asks Atlassian's feature-gate client (Statsig inside) whether its
// own experiments are on: @atlaskit/platform-feature-flags calls checkGate
// and @atlaskit/react-compiler-gating getExperimentValue. The portal never
// initializes that client, so every gate answers false and every experiment
// its default; next.config.js puts this module in its place, with the same
// answers and without some 100 KB of client that would ship in every page.

const FeatureGates = {
  checkGate: (_gate: string): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T => defaultValue,
};

export default FeatureGates;
