"""The wiring: settings, the engine, the web app, the scheduler and the command line."""
