"""Benchmarks: `python -m benchmarks`. Every figure is a ratio to a baseline measured in the same run."""
