"""What is heard from any state: the keywords, FORGET ME, retention, and flood control."""
