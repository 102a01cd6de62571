"""Message threads between the two organisations of a match."""
