"""Matching: match scores and their reasons, rescoring, buyer decisions and SME feedback."""
