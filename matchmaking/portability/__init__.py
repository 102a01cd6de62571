"""Data portability: an organisation's export (JSON and files, as a zip) and its erasure."""
