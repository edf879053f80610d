"""storyline: turn messy news coverage into a story dossier."""

__version__ = "0.1.0"
