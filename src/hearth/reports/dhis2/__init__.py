"""DHIS2 data value sets (H5): mappings, the payload for a period, and sending it.
See docs/dhis2.md."""
