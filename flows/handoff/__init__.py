"""A named person who stays: the card, the read-back, holding, closing, urgent cases,
and the worker's side of picking one up."""
