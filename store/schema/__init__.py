"""Numbered SQL files, applied in order by store.migrations."""
