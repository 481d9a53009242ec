"""Enterprise per-mu evaluation (亩均论英雄): data, schemes, the scoring engine,
aggregates, tiers."""

# Scheme presets shipped in permu/presets/<name>.yaml.
PRESETS = ("zhejiang", "county")
