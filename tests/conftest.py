"""Shared pytest configuration for the test suite."""

pytest_plugins = ["browser"]  # tests/browser.py: headless-Chromium fixtures (chromium_path, chromium)
