"""Web pages, one module per group: dashboard, incidents, incident room, deadlines, tasks, settings."""
