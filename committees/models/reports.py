"""See committees/models/__init__.py."""
