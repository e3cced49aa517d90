"""First contact: open questions, one at a time, kept in the person's own words."""
