"""One module per scenario; each returns a JSON-ready dict with its table rows."""
