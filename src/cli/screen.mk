## douane screen and douane match.
douane_SOURCES += src/cli/cmd_screen.c
