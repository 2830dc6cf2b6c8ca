## Documentation: the man page, file formats.
dist_man1_MANS += doc/douane.1
dist_doc_DATA += doc/formats.md
