"""Exports of case records (B7): CSV, XLSX and JSON files of the cases the exporter
may see, masked by the same rules as pages and the API, optionally encrypted, made
in the background and downloadable by their owner for a short time. See
docs/exports.md."""
