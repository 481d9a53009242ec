"""Industrial chains (产业链): chain files, enterprise-to-link assignment, link figures
and gaps, investment targets, and project admission against standards."""
