"""Dashboards (H4) for the caseworker, the supervisor and the manager, the indicator
pages, and the list of records behind every number."""
