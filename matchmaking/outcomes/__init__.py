"""After the meeting: feedback, follow-ups, outcomes, KPIs and the delegation catalogue."""
