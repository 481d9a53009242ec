"""The CLI's subcommands, one module per area; `planwatch.cli` registers them."""
