"""What a user reads: the JSON Lines export and the rendered briefs."""
