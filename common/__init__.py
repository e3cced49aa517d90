"""Shared types that connectors, flows and the store all speak."""
