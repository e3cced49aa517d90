"""Becoming a peer: anyone who says they'd like to help is asked, in their own words."""
