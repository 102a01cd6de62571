"""Shared test fixtures (personas and factories), loaded for every test via conftest.py."""
