## Documentation: the man page, file formats, the threat model.
dist_man1_MANS += doc/douane.1
dist_doc_DATA += doc/formats.md doc/security.md doc/hq-scaling.md
