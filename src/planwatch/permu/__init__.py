"""Enterprise per-mu evaluation (亩均论英雄): data, schemes, the scoring engine,
aggregates, tiers."""
