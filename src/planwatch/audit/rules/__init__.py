"""The audit rules, one module per kind of mistake (see `planwatch.audit.registry`)."""
