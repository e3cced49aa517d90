"""Connecting: which people and groups fit what was said, offering them, and the
double opt-in and relay that put a resident and a peer in touch."""
