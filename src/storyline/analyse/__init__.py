"""The language layer: spaCy pipeline and the per-document stage that turns raw input into rows."""
