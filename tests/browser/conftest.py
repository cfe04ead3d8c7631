"""The browser fixtures live in tests/browser_fixtures.py, shared by every feature."""
