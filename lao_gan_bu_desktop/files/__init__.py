"""Files in and out, with no database and no Qt: spreadsheets read and written, PDFs drawn."""
