"""Enterprise early warning (企业四色预警): monthly data, derived measures, rules with
consecutive months and hysteresis, the month's coloured list with reasons."""

PRESETS = ("default",)
