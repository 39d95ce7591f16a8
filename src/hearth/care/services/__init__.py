"""Every write of the care module, one module per topic. Each service checks the
access policy, validates, changes rows in one transaction and writes the audit
event with them; a refusal changes nothing."""
