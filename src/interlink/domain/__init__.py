"""Plain domain types and rules. Nothing here does I/O."""
