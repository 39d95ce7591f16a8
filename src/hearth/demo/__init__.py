"""Demo data: a fictional country with agencies, users for every role and children
with their families. Built through the same services as real work, so it obeys
every rule and fills the audit trail like real use. Never for production."""
