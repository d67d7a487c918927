"""What several features' windows share: error messages, field editors, formatting, printing, start-up helpers."""
