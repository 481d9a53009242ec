"""Rich views of planwatch's results for the terminal; the CLI only calls these."""
