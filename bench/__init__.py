"""Benchmarks, each run as a script from the repository root (see README.md)."""
