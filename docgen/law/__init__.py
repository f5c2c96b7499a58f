"""Law: what the Regulation demands (rules, thresholds, the rulebook)."""
