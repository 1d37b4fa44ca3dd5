"""End-to-end tests of the browser extension in a real Chromium, driven by Playwright."""
