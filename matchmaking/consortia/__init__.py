"""Consortia: proposals of complementary SMEs for a demand project, and consortia formed from them."""
