"""Site plumbing: home, health and readiness, navigation, middleware, platform counts."""
