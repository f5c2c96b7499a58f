"""Membership orders of the Chairman (распоряжение / өкім): planner and rules."""
