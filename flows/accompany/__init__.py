"""Someone to go with you: when and where, asking peers, the visit and how it went."""
