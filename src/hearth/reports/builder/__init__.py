"""The report builder (H4): choose a measure (an indicator or a count of records),
rows, columns and filters; preview it, save it, share it with roles, schedule it
monthly, export it as CSV or XLSX. Every number is computed for the person looking
at it, from what their reporting scope covers."""
