"""The card core: model, template, parser, edits, metrics, validation. No terminal imports."""
