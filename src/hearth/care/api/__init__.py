"""/api/v1 for appropriate care: one router per topic, mounted in hearth.api."""
