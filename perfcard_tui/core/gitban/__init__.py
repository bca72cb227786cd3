"""What gitban keeps beside a card: its file name, lock file, templates and validation config."""
