"""The open REST API (/api/v1/): reads and writes through the same selectors and services
as the pages, API tokens, and their rate limits."""
