"""First contact: what was said is heard and answered first; only what changes the offer is
asked, and what someone enjoys or would give waits for a later visit."""
