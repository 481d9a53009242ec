"""Reports: evaluation reports of a plan (规划中期评估 / 总结评估) and the yearly
per-mu evaluation publication (亩均效益综合评价), in Word, Excel, HTML and PDF.

A builder turns numbers into one `models.report.Report` (sections of paragraphs,
tables and charts); a writer turns a `Report` into a file. Builders know nothing of
formats and writers nothing of plans: a new format is one module in `writers`.
"""
