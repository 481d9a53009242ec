"""Yearly actuals: the fill-in template, and validation of actuals files."""
