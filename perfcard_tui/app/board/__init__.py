"""The board: a folder of cards at a glance (``perfcard-tui DIR``)."""
