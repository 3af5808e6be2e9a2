"""One module per report kind, each with document_subject(), title_block() and body()."""
