"""perfcard-tui: write and review performance cards."""

__version__ = "0.1.0"
