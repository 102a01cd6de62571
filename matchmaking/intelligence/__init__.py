"""Market intelligence: market briefs per target market and sector, and SMEs' market-entry readiness."""
