"""Response work: playbooks that generate tasks, the tasks themselves and crisis statements."""
