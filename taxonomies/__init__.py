"""Data: skill taxonomy, context rules, SOC 2018 reference files."""
