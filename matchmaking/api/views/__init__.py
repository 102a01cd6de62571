"""The API's views: resources (reads and writes through the pages' selectors and services)
and the page where people manage their API tokens."""
