"""The order journal: what the server saw of each order over time, kept on this computer (issue 15)."""
