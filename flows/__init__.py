"""The decisions: conversation flows as state machines, and matching. Pure: no I/O."""
