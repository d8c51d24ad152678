"""Execute the code of documentation pages and render what it produced."""
