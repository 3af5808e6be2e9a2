"""Learning from failure: post-incident reviews, corrective actions, drills and trends."""
