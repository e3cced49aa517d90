"""What is heard from any state: the guards the router tries before any journey (STOP,
danger, flood, FORGET ME, the keywords, too long, no words, back after a gap), and answers
to a card or a request that is no longer open."""
