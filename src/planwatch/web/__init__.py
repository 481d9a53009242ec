"""The web app and JSON API (FastAPI, Jinja2, htmx, ECharts), served by `planwatch serve`.

Routes and templates only translate: every rule (who may see or change what) and
every number comes from the service layer (`operations`, `accounts`, `approval`,
`overview`), which the CLI calls too.
"""
