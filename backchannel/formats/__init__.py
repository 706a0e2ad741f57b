"""Date formats per language (``FORMAT_MODULE_PATH``): one format per locale
everywhere, pages and PDFs alike. Only English is set here ("15 Jan 2027",
as the pages always wrote it); every other language keeps Django's own.
Machine-readable exports (CSV, JSON, the API) keep ISO 8601."""
