"""Insights: what people came about and what happened, as anonymous counts (pure)."""
