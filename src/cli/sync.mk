## The sync commands: keys, pack, export, ingest (and import of packs and acks).
douane_SOURCES += src/cli/cmd_sync.c
